package io.strato.cloud.aws.asg;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.Ownership;
import io.strato.cloud.nodegroup.LaunchSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecification;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.Tag;

class LaunchContentTest {

  private static final Ownership OWNER = new Ownership("uid-1", "NodeGroup", "workers", null);
  private static final LaunchSpec LAUNCH =
      new LaunchSpec("ami-1", "m5.large", "#!/bin/bash\necho hi", List.of("sg-2", "sg-1"), "ops");

  @Test
  void userDataIsBase64AndInstancesAndVolumesCarryTheOwnershipTags() {
    LaunchContent content = LaunchContent.desired(OWNER, LAUNCH);

    assertThat(new String(Base64.getDecoder().decode(content.userData())))
        .isEqualTo("#!/bin/bash\necho hi");
    assertThat(content.instanceTags()).isEqualTo(OWNER.tags());
    assertThat(content.volumeTags()).isEqualTo(OWNER.tags());
  }

  @Test
  void whatEc2ReturnsForTheRequestComparesEqualEvenWithExtraTagSpecsAndOtherOrder() {
    LaunchContent desired = LaunchContent.desired(OWNER, LAUNCH);
    ResponseLaunchTemplateData returned =
        ResponseLaunchTemplateData.builder()
            .imageId("ami-1")
            .instanceType("m5.large")
            .userData(desired.userData())
            .securityGroupIds("sg-1", "sg-2")
            .keyName("ops")
            .metadataOptions(m -> m.httpTokens("required").httpPutResponseHopLimit(2))
            .tagSpecifications(
                spec("launch-template", "x"), spec("instance", null), spec("volume", null))
            .build();

    assertThat(LaunchContent.observed(returned)).isEqualTo(desired);
    assertThat(LaunchContent.observed(returned).fingerprint()).isEqualTo(desired.fingerprint());
  }

  @Test
  void imdsV2IsRequiredAndAnInstanceProfileIsPartOfTheContent() {
    LaunchContent withProfile =
        LaunchContent.desired(
            OWNER,
            new LaunchSpec(
                "ami-1",
                "m5.large",
                null,
                List.of(),
                null,
                "arn:aws:iam::123456789012:instance-profile/nodes"));
    assertThat(withProfile.toRequest().metadataOptions().httpTokensAsString())
        .isEqualTo("required");
    assertThat(withProfile.toRequest().metadataOptions().httpPutResponseHopLimit()).isEqualTo(2);
    assertThat(withProfile.toRequest().iamInstanceProfile().arn())
        .isEqualTo("arn:aws:iam::123456789012:instance-profile/nodes");
    ResponseLaunchTemplateData imdsV1 =
        ResponseLaunchTemplateData.builder()
            .imageId("ami-1")
            .instanceType("m5.large")
            .iamInstanceProfile(p -> p.arn("arn:aws:iam::123456789012:instance-profile/nodes"))
            .metadataOptions(m -> m.httpTokens("optional").httpPutResponseHopLimit(1))
            .build();
    assertThat(LaunchContent.observed(imdsV1))
        .as("a template that allows IMDSv1 gets a new version")
        .isNotEqualTo(withProfile);
  }

  @Test
  void anotherInstanceTypeIsAnotherContent() {
    LaunchContent a = LaunchContent.desired(OWNER, LAUNCH);
    LaunchContent b =
        LaunchContent.desired(
            OWNER,
            new LaunchSpec(
                "ami-1", "m5.xlarge", LAUNCH.userData(), List.of("sg-1", "sg-2"), "ops"));

    assertThat(a).isNotEqualTo(b);
    assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
  }

  private static LaunchTemplateTagSpecification spec(String type, String extraValue) {
    List<Tag> tags =
        extraValue != null
            ? List.of(Tag.builder().key("extra").value(extraValue).build())
            : OWNER.tags().entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    return LaunchTemplateTagSpecification.builder().resourceType(type).tags(tags).build();
  }
}
