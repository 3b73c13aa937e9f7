package io.strato.cloud.aws.asg;

import io.strato.cloud.Ownership;
import io.strato.cloud.nodegroup.LaunchSpec;
import io.strato.cloud.nodegroup.UserDataPayload;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateIamInstanceProfileSpecificationRequest;
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
 * <p>Every version requires IMDSv2 session tokens (instance credentials cannot be stolen through a
 * server-side request forgery that IMDSv1 allows), with a hop limit of 2 so that pods, one network
 * hop behind the node, still reach the metadata service, unless the spec asks for fewer hops (a
 * self-managed control plane asks for 1, so its pods cannot use its instance role).
 *
 * @param userData base64, as EC2 stores it; gzip inside when the script exceeds 16 KiB ({@link
 *     UserDataPayload})
 * @param instanceProfile an instance profile ARN or name, or null
 * @param httpTokens the metadata service's token mode; {@code required} for what Strato writes
 * @param hopLimit the metadata service's PUT response hop limit
 */
record LaunchContent(
    String imageId,
    String instanceType,
    String userData,
    List<String> securityGroupIds,
    String keyName,
    String instanceProfile,
    String httpTokens,
    Integer hopLimit,
    Map<String, String> instanceTags,
    Map<String, String> volumeTags) {

  static final String IMDS_TOKENS = "required";
  static final int IMDS_HOP_LIMIT = 2;

  LaunchContent {
    userData = blankToNull(userData);
    keyName = blankToNull(keyName);
    instanceProfile = blankToNull(instanceProfile);
    securityGroupIds = securityGroupIds.stream().sorted().distinct().toList();
    instanceTags = new TreeMap<>(instanceTags);
    volumeTags = new TreeMap<>(volumeTags);
  }

  static LaunchContent desired(Ownership owner, LaunchSpec launch) {
    String userData =
        launch.userData() == null || launch.userData().isEmpty()
            ? null
            : Base64.getEncoder().encodeToString(UserDataPayload.of(launch.userData()));
    return new LaunchContent(
        launch.imageId(),
        launch.instanceType(),
        userData,
        launch.securityGroupIds(),
        launch.keyName(),
        launch.instanceProfile(),
        IMDS_TOKENS,
        launch.metadataHopLimit() == null ? IMDS_HOP_LIMIT : launch.metadataHopLimit(),
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
        data.iamInstanceProfile() == null
            ? null
            : firstNonNull(data.iamInstanceProfile().arn(), data.iamInstanceProfile().name()),
        data.metadataOptions() == null ? null : data.metadataOptions().httpTokensAsString(),
        data.metadataOptions() == null ? null : data.metadataOptions().httpPutResponseHopLimit(),
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
        .iamInstanceProfile(instanceProfile == null ? null : profile(instanceProfile))
        .metadataOptions(
            m -> m.httpTokens(httpTokens).httpPutResponseHopLimit(hopLimit).httpEndpoint("enabled"))
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
        instanceProfile,
        httpTokens,
        String.valueOf(hopLimit),
        instanceTags.toString(),
        volumeTags.toString());
  }

  /** An instance profile given as an ARN goes in by ARN, anything else by name. */
  private static LaunchTemplateIamInstanceProfileSpecificationRequest profile(String profile) {
    return profile.startsWith("arn:")
        ? LaunchTemplateIamInstanceProfileSpecificationRequest.builder().arn(profile).build()
        : LaunchTemplateIamInstanceProfileSpecificationRequest.builder().name(profile).build();
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
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
