package io.strato.cloud.aws.cluster.selfmanaged;

import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.withSelfManaged;
import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.ec2.AwsMachineImages;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterSpecDto.SelfManagedDto;
import io.strato.cloud.cluster.NodeBootstrap;
import io.strato.cloud.image.MachineImage;
import io.strato.reconcile.Condition;
import io.strato.testsupport.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image check on the emulator: an image-builder image and a stock one read back by name and
 * tags in one DescribeImages, and the cluster's condition says whether its images fit the bootstrap
 * choice, without holding up readiness.
 */
class ImageCheckOnMotoTest {

  private AwsClients clients;
  private SelfManagedFixture aws;

  @BeforeEach
  void freshAccount() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    clients = moto.clients();
    aws = new SelfManagedFixture(clients);
  }

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void imagesAreReadOnceByNameAndTagsAndAnUnknownIdIsAbsent() {
    String instance =
        clients
            .ec2()
            .runInstances(
                r ->
                    r.imageId(aws.imageId)
                        .instanceType("t3.micro")
                        .minCount(1)
                        .maxCount(1)
                        .subnetId(aws.network.privateSubnets().get(0)))
            .instances()
            .get(0)
            .instanceId();
    String built =
        clients
            .ec2()
            .createImage(
                r -> r.instanceId(instance).name("capa-ami-ubuntu-24.04-v1.33.2-1733300000"))
            .imageId();
    clients
        .ec2()
        .createTags(
            r -> r.resources(built).tags(t -> t.key("kubernetes_version").value("v1.33.2")));

    try (AwsClients own = MotoServer.shared().clients()) {
      AwsMachineImages images = new AwsMachineImages(own.ec2());
      List<String> ids = List.of(built, aws.imageId, "ami-0123456789abcdef0");
      Map<String, MachineImage> found = images.describe(ids);
      images.describe(ids);

      assertThat(found).containsOnlyKeys(built, aws.imageId);
      assertThat(found.get(built).name()).isEqualTo("capa-ami-ubuntu-24.04-v1.33.2-1733300000");
      assertThat(found.get(built).tags()).containsEntry("kubernetes_version", "v1.33.2");
      assertThat(
              own.metrics().snapshot().entrySet().stream()
                  .filter(e -> e.getKey().endsWith("DescribeImages"))
                  .mapToLong(Map.Entry::getValue)
                  .sum())
          .as("one call for both reads")
          .isEqualTo(1);
      assertThat(ImageChoice.doubts(NodeBootstrap.PREINSTALLED, "1.33", List.of(built), found))
          .isEmpty();
    }
  }

  @Test
  void aStockImageUnderPreinstalledIsAConditionNotAFailureAndInstallFitsIt() throws Exception {
    ClusterContext preinstalled = aws.cluster();
    ClusterProgress first = aws.driver().reconcile(preinstalled);

    Condition doubt = condition(first);
    assertThat(doubt.isTrue()).isFalse();
    assertThat(doubt.reason()).isEqualTo("ImageDoubtful");
    assertThat(doubt.message()).contains(aws.imageId, "selfManaged.bootstrap: install");

    SelfManagedDto sm = aws.selfManaged(3, null, null);
    SelfManagedDto install =
        new SelfManagedDto(
            sm.replicas(),
            sm.imageId(),
            sm.instanceType(),
            sm.instanceProfile(),
            sm.keyName(),
            sm.securityGroups(),
            sm.apiLoadBalancerScheme(),
            sm.podCidr(),
            sm.serviceCidr(),
            sm.controlPlaneTemplate(),
            sm.workerTemplate(),
            sm.rollout(),
            "flannel",
            "install",
            sm.backup(),
            sm.restoreFrom());
    ClusterContext stock = aws.cluster(s -> withSelfManaged(s, install));
    List<ClusterProgress> steps = SelfManagedFixture.untilReady(aws.driver(), stock);

    ClusterProgress ready = steps.get(steps.size() - 1);
    assertThat(ready.ready()).isTrue();
    assertThat(condition(ready).isTrue()).isTrue();
    assertThat(condition(ready).reason()).isEqualTo("ImagesFit");
  }

  private static Condition condition(ClusterProgress progress) {
    return progress.conditions().stream()
        .filter(c -> c.type().equals(ClusterProgress.IMAGE_MATCHES_BOOTSTRAP))
        .findFirst()
        .orElseThrow();
  }
}
