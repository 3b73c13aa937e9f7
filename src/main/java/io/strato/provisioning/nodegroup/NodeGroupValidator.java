package io.strato.provisioning.nodegroup;

import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.ScalingDto;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import io.strato.provisioning.validation.CommonRules;
import io.strato.provisioning.validation.FieldError;
import io.strato.provisioning.validation.IamReference;
import io.strato.provisioning.validation.PrivilegedContent;
import io.strato.provisioning.validation.Validation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a node group spec against what EC2 and Auto Scaling would accept. */
public final class NodeGroupValidator {

  /** Subnets one group may name: a few per zone in the largest region. */
  static final int MAX_SUBNETS = 16;

  /** Auto Scaling's hard ceiling on a group's maximum size. */
  static final int MAX_GROUP_SIZE = 1000;

  /** EC2 limits user data to 16 KiB after base64 encoding. */
  static final int MAX_USER_DATA_BASE64 = 16 * 1024;

  static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  static final Set<String> METRICS = Set.of("cpu", "requests-per-target");

  private NodeGroupValidator() {}

  public static List<FieldError> validate(String name, NodeGroupSpecDto spec) {
    Validation v = new Validation();
    CommonRules.name(v, name, "metadata.name");
    if (!v.require(spec, "spec")) {
      return v.errors();
    }
    CommonRules.awsId(v, spec.imageId(), "ami", "spec.imageId");
    if (v.require(spec.instanceType(), "spec.instanceType")) {
      v.check(
          spec.instanceType().matches("[a-z][a-z0-9-]{0,15}\\.[a-z0-9-]{1,16}"),
          "spec.instanceType",
          "must be an EC2 instance type such as m6i.large");
    }
    if (spec.userData() != null) {
      int encoded =
          Base64.getEncoder().encode(spec.userData().getBytes(StandardCharsets.UTF_8)).length;
      v.check(
          encoded <= MAX_USER_DATA_BASE64,
          "spec.userData",
          "is " + encoded + " bytes once base64-encoded; EC2 allows 16384");
    }
    CommonRules.awsIds(v, spec.securityGroups(), "sg", "spec.securityGroups");
    if (spec.keyName() != null) {
      v.check(
          spec.keyName().length() <= 255 && spec.keyName().matches("[\\x20-\\x7E]+"),
          "spec.keyName",
          "must be 1 to 255 printable ASCII characters");
    }
    if (spec.instanceProfile() != null) {
      v.check(
          spec.instanceProfile()
                  .matches("arn:aws[a-z-]*:iam::\\d{12}:instance-profile/[\\w+=,.@/-]{1,128}")
              || spec.instanceProfile().matches("[\\w+=,.@-]{1,128}"),
          "spec.instanceProfile",
          "must be an instance profile ARN or name");
    }
    if (v.require(spec.subnetIds(), "spec.subnetIds")) {
      v.check(!spec.subnetIds().isEmpty(), "spec.subnetIds", "needs at least one subnet");
      // AWS caps an Auto Scaling group's subnet list at 5,000 characters (about 200 IDs), and no
      // region has more than a handful of zones: refuse a list a group could never use here, not
      // at reconcile time.
      v.check(
          spec.subnetIds().size() <= MAX_SUBNETS,
          "spec.subnetIds",
          "at most " + MAX_SUBNETS + " subnets");
      CommonRules.awsIds(v, spec.subnetIds(), "subnet", "spec.subnetIds");
    }
    sizes(v, spec);
    scaling(v, spec.scaling());
    CommonRules.labels(v, spec.nodeLabels(), "spec.nodeLabels");
    taints(v, spec.nodeTaints());
    if (spec.clusterId() != null) {
      CommonRules.name(v, spec.clusterId(), "spec.clusterId");
    }
    CommonRules.tags(v, spec.tags(), "spec.tags");
    return v.errors();
  }

  /** The fields that name an IAM identity the instances will run as. */
  public static List<IamReference> iamReferences(NodeGroupSpecDto spec) {
    if (spec == null || spec.instanceProfile() == null) {
      return List.of();
    }
    return List.of(IamReference.instanceProfile("spec.instanceProfile", spec.instanceProfile()));
  }

  /** The fields whose content runs on the instances as root. */
  public static List<PrivilegedContent> privileged(NodeGroupSpecDto spec) {
    if (spec == null || spec.userData() == null) {
      return List.of();
    }
    return List.of(new PrivilegedContent("spec.userData", spec.userData()));
  }

  private static void sizes(Validation v, NodeGroupSpecDto spec) {
    boolean min = v.require(spec.minSize(), "spec.minSize");
    boolean max = v.require(spec.maxSize(), "spec.maxSize");
    min = min && v.range(spec.minSize(), 0, MAX_GROUP_SIZE, "spec.minSize");
    max = max && v.range(spec.maxSize(), 1, MAX_GROUP_SIZE, "spec.maxSize");
    if (min && max) {
      v.check(spec.minSize() <= spec.maxSize(), "spec.maxSize", "must be at least minSize");
      if (spec.desiredCapacity() != null) {
        v.check(
            spec.desiredCapacity() >= spec.minSize() && spec.desiredCapacity() <= spec.maxSize(),
            "spec.desiredCapacity",
            "must be between minSize and maxSize");
      }
    }
  }

  private static void scaling(Validation v, ScalingDto s) {
    if (s == null) {
      return;
    }
    if (v.require(s.metric(), "spec.scaling.metric")) {
      v.check(
          METRICS.contains(s.metric()),
          "spec.scaling.metric",
          "must be cpu or requests-per-target");
    }
    if (v.require(s.target(), "spec.scaling.target")) {
      boolean finite = !s.target().isNaN() && !s.target().isInfinite();
      if ("cpu".equals(s.metric())) {
        v.check(
            finite && s.target() > 0 && s.target() <= 100,
            "spec.scaling.target",
            "CPU target must be a percentage above 0 and at most 100");
      } else {
        v.check(
            finite && s.target() > 0 && s.target() <= 1_000_000,
            "spec.scaling.target",
            "must be above 0 and at most 1000000");
      }
    }
    if ("requests-per-target".equals(s.metric())) {
      if (v.require(s.resourceLabel(), "spec.scaling.resourceLabel")) {
        v.check(
            s.resourceLabel().matches("app/[^/]+/[^/]+/targetgroup/[^/]+/[^/]+"),
            "spec.scaling.resourceLabel",
            "must be app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>");
      }
    } else {
      v.check(
          s.resourceLabel() == null,
          "spec.scaling.resourceLabel",
          "applies to requests-per-target only");
    }
  }

  private static void taints(Validation v, List<TaintDto> taints) {
    if (taints == null) {
      return;
    }
    v.check(taints.size() <= 50, "spec.nodeTaints", "at most 50 taints");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < taints.size(); i++) {
      String f = "spec.nodeTaints[" + i + "]";
      TaintDto t = taints.get(i);
      if (!v.require(t, f)) {
        continue;
      }
      if (v.require(t.key(), f + ".key")) {
        CommonRules.labels(v, java.util.Map.of(t.key(), t.value() == null ? "" : t.value()), f);
      }
      if (v.require(t.effect(), f + ".effect")) {
        v.check(
            EFFECTS.contains(t.effect()),
            f + ".effect",
            "must be NoSchedule, PreferNoSchedule or NoExecute");
      }
      v.check(seen.add(t.key() + ":" + t.effect()), f, "the same key and effect appear twice");
    }
  }
}
