package io.strato.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The launcher the local default starts moto with: a launch from a launch template's second
 * version, which plain moto 5.2 answers with a 500, launches.
 */
class MotoLauncherTest {

  @TempDir Path dir;

  @Test
  void aConfiguredCommandWinsAndNothingIsWritten() {
    assertThat(MotoLauncher.command(Optional.of("/opt/moto/bin/moto_server"), dir))
        .isEqualTo("/opt/moto/bin/moto_server");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void anAutoScalingGroupLaunchesFromASecondLaunchTemplateVersion() throws Exception {
    String command = MotoLauncher.command(Optional.empty(), dir);
    assertThat(command)
        .as("python3 on this machine imports moto, so the patched launcher is used")
        .isEqualTo(dir.resolve("moto_server_patched").toString());
    assertThat(Files.isExecutable(Path.of(command))).isTrue();

    try (LocalAwsEmulator moto = LocalAwsEmulator.start(command, 0, dir);
        Ec2Client ec2 = client(Ec2Client.builder(), moto.endpoint());
        AutoScalingClient asg = client(AutoScalingClient.builder(), moto.endpoint())) {
      String ami = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
      String subnet = ec2.describeSubnets().subnets().get(0).subnetId();
      ec2.createLaunchTemplate(
          r ->
              r.launchTemplateName("demo-lt")
                  .launchTemplateData(d -> d.imageId(ami).userData(base64("#!/bin/sh\necho 1"))));
      ec2.createLaunchTemplateVersion(
          r ->
              r.launchTemplateName("demo-lt")
                  .launchTemplateData(d -> d.imageId(ami).userData(base64("#!/bin/sh\necho 2"))));

      asg.createAutoScalingGroup(
          r ->
              r.autoScalingGroupName("g")
                  .launchTemplate(t -> t.launchTemplateName("demo-lt").version("2"))
                  .minSize(0)
                  .maxSize(2)
                  .desiredCapacity(1)
                  .vpcZoneIdentifier(subnet));

      // Plain moto answers the call above with a 500 (its launch asserts encoded user data).
      var group =
          asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames("g")).autoScalingGroups();
      assertThat(group.get(0).launchTemplate().version()).isEqualTo("2");
      assertThat(group.get(0).instances()).hasSize(1);
    }
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C>
      C client(B builder, URI endpoint) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }
}
