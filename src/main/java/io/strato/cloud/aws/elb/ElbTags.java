package io.strato.cloud.aws.elb;

import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.AwsTags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;

/** Reads and reconciles tags of ELBv2 resources (load balancers, target groups). */
final class ElbTags {

  /** DescribeTags accepts at most 20 resource ARNs per call. */
  static final int DESCRIBE_BATCH = 20;

  private final ElasticLoadBalancingV2Client elb;
  private final InFlightBatches<String, Map<String, String>> reads;

  ElbTags(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
    this.reads = new InFlightBatches<>(DESCRIBE_BATCH, this::describeNow);
  }

  /**
   * Tags per ARN, in as few calls as the API allows; the reads of concurrent reconciles (ownership
   * proofs above all) share calls. A resource that is gone answers NotFound for its caller only.
   */
  Map<String, Map<String, String>> describe(List<String> arns) {
    return reads.get(arns);
  }

  /** Reads waiting for a shared call (for tests that line callers up). */
  int queuedReads() {
    return reads.queued();
  }

  private Map<String, Map<String, String>> describeNow(List<String> arns) {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (int from = 0; from < arns.size(); from += DESCRIBE_BATCH) {
      List<String> batch = arns.subList(from, Math.min(arns.size(), from + DESCRIBE_BATCH));
      List<TagDescription> descriptions =
          AwsErrors.call("elbv2:DescribeTags", () -> elb.describeTags(r -> r.resourceArns(batch)))
              .tagDescriptions();
      descriptions.forEach(d -> out.put(d.resourceArn(), AwsTags.fromElbv2(d.tags())));
    }
    return out;
  }

  /** Adds changed tags and removes undeclared user tags; answers whether it wrote anything. */
  boolean reconcile(String arn, Map<String, String> desired, Map<String, String> actual) {
    AwsTags.Changes changes = AwsTags.changes(desired, actual);
    if (!changes.add().isEmpty()) {
      AwsErrors.run(
          "elbv2:AddTags",
          () -> elb.addTags(r -> r.resourceArns(arn).tags(AwsTags.toElbv2(changes.add()))));
    }
    if (!changes.remove().isEmpty()) {
      AwsErrors.run(
          "elbv2:RemoveTags",
          () -> elb.removeTags(r -> r.resourceArns(arn).tagKeys(changes.remove())));
    }
    return !changes.isEmpty();
  }

  void put(String arn, String key, String value) {
    AwsErrors.run(
        "elbv2:AddTags",
        () -> elb.addTags(r -> r.resourceArns(arn).tags(AwsTags.toElbv2(Map.of(key, value)))));
  }

  /** Adds or changes these tags in one call; none is no call. */
  void putAll(String arn, Map<String, String> tags) {
    if (!tags.isEmpty()) {
      AwsErrors.run(
          "elbv2:AddTags", () -> elb.addTags(r -> r.resourceArns(arn).tags(AwsTags.toElbv2(tags))));
    }
  }

  /** Removes these keys in one call; none is no call. */
  void removeAll(String arn, java.util.Collection<String> keys) {
    if (!keys.isEmpty()) {
      AwsErrors.run(
          "elbv2:RemoveTags", () -> elb.removeTags(r -> r.resourceArns(arn).tagKeys(keys)));
    }
  }

  void remove(String arn, String key) {
    AwsErrors.run("elbv2:RemoveTags", () -> elb.removeTags(r -> r.resourceArns(arn).tagKeys(key)));
  }
}
