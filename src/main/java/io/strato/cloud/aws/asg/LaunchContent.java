package io.strato.cloud.aws.asg;

import io.strato.cloud.Ownership;
import io.strato.cloud.nodegroup.LaunchSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecification;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The part of a launch template version Strato decides, normalised so that what it asks for and
 * what EC2 returns compare equal when they mean the same: security groups as a sorted list, empty
 * user data and key name as null. Instances and volumes carry only the ownership tags, so that a
 * change of the user's tags (propagated by the group) does not roll a new version.
 *
 * @param userData base64, as EC2 stores it
 */
record LaunchContent(
    String imageId,
    String instanceType,
    String userData,
    List<String> securityGroupIds,
    String keyName,
    Map<String, String> instanceTags,
    Map<String, String> volumeTags) {

  LaunchContent {
    userData = blankToNull(userData);
    keyName = blankToNull(keyName);
    securityGroupIds = securityGroupIds.stream().sorted().distinct().toList();
    instanceTags = new TreeMap<>(instanceTags);
    volumeTags = new TreeMap<>(volumeTags);
  }

  static LaunchContent desired(Ownership owner, LaunchSpec launch) {
    String userData =
        launch.userData() == null || launch.userData().isEmpty()
            ? null
            : Base64.getEncoder()
                .encodeToString(launch.userData().getBytes(StandardCharsets.UTF_8));
    return new LaunchContent(
        launch.imageId(),
        launch.instanceType(),
        userData,
        launch.securityGroupIds(),
        launch.keyName(),
        owner.tags(),
        owner.tags());
  }

  static LaunchContent observed(ResponseLaunchTemplateData data) {
    Map<String, String> instanceTags = new TreeMap<>();
    Map<String, String> volumeTags = new TreeMap<>();
    for (LaunchTemplateTagSpecification spec : data.tagSpecifications()) {
      // Other resource types may appear (moto copies the template's own tags in here): ignore.
      if (ResourceType.INSTANCE.toString().equals(spec.resourceTypeAsString())) {
        spec.tags().forEach(t -> instanceTags.put(t.key(), t.value()));
      } else if (ResourceType.VOLUME.toString().equals(spec.resourceTypeAsString())) {
        spec.tags().forEach(t -> volumeTags.put(t.key(), t.value()));
      }
    }
    return new LaunchContent(
        data.imageId(),
        data.instanceTypeAsString(),
        data.userData(),
        data.securityGroupIds(),
        data.keyName(),
        instanceTags,
        volumeTags);
  }

  RequestLaunchTemplateData toRequest() {
    List<LaunchTemplateTagSpecificationRequest> tagSpecs = new ArrayList<>();
    if (!instanceTags.isEmpty()) {
      tagSpecs.add(tagSpec(ResourceType.INSTANCE, instanceTags));
    }
    if (!volumeTags.isEmpty()) {
      tagSpecs.add(tagSpec(ResourceType.VOLUME, volumeTags));
    }
    return RequestLaunchTemplateData.builder()
        .imageId(imageId)
        .instanceType(instanceType)
        .userData(userData)
        .securityGroupIds(securityGroupIds.isEmpty() ? null : securityGroupIds)
        .keyName(keyName)
        .tagSpecifications(tagSpecs)
        .build();
  }

  /** A digest of the content, for client tokens: equal content, equal fingerprint. */
  String fingerprint() {
    return Fingerprint.of(
        imageId,
        instanceType,
        userData,
        String.join(",", securityGroupIds),
        keyName,
        instanceTags.toString(),
        volumeTags.toString());
  }

  private static LaunchTemplateTagSpecificationRequest tagSpec(
      ResourceType type, Map<String, String> tags) {
    return LaunchTemplateTagSpecificationRequest.builder()
        .resourceType(type)
        .tags(
            tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList())
        .build();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
