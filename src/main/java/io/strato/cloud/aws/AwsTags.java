package io.strato.cloud.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Tags as a {@code Map<String, String>} on Strato's side, and the SDK's per-service tag types at
 * the edge. Also says which keys Strato must never remove when it reconciles tags.
 */
public final class AwsTags {

  private AwsTags() {}

  public static List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag> toElbv2(
      Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(
            e ->
                software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag.builder()
                    .key(e.getKey())
                    .value(e.getValue())
                    .build())
        .toList();
  }

  public static Map<String, String> fromElbv2(
      List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach(t -> out.put(t.key(), t.value() == null ? "" : t.value()));
    return out;
  }

  public static List<software.amazon.awssdk.services.ec2.model.Tag> toEc2(
      Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(
            e ->
                software.amazon.awssdk.services.ec2.model.Tag.builder()
                    .key(e.getKey())
                    .value(e.getValue())
                    .build())
        .toList();
  }

  public static Map<String, String> fromEc2(
      List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach(t -> out.put(t.key(), t.value() == null ? "" : t.value()));
    return out;
  }

  /** Tags for an EC2 create call, so the resource is never visible without its owner. */
  public static TagSpecification ec2Specification(ResourceType type, Map<String, String> tags) {
    return TagSpecification.builder().resourceType(type).tags(toEc2(tags)).build();
  }

  /**
   * Keys AWS services write on resources they take part in: ECS adds {@code AmazonECSManaged} to an
   * Auto Scaling group when a capacity provider with managed scaling takes it over (without it ECS
   * stops scaling the group).
   */
  private static final Set<String> SERVICE_KEYS = Set.of("AmazonECSManaged");

  /**
   * {@code aws:} is reserved by AWS; EKS writes {@code eks:cluster-name} and {@code
   * eks:nodegroup-name} on its node groups' Auto Scaling groups; the other two are Strato's
   * ownership and the Kubernetes cluster tag.
   */
  private static final List<String> PROTECTED_PREFIXES =
      List.of("aws:", "eks:", "strato.io/", "kubernetes.io/cluster/");

  /**
   * The one rule, for every path that removes tags, of keys a reconcile never removes even when the
   * spec no longer declares them: Strato's own tags (without the ownership tags a resource is
   * orphaned to every later reconcile and to the sweeper), Kubernetes cluster tags, AWS-reserved
   * {@code aws:} tags (AWS refuses to remove them) and tags AWS services write for their own use.
   */
  public static boolean isProtected(String key) {
    return SERVICE_KEYS.contains(key) || PROTECTED_PREFIXES.stream().anyMatch(key::startsWith);
  }

  /**
   * What to add (new or changed values) and remove (undeclared, not protected) to reach desired.
   */
  public static Changes changes(Map<String, String> desired, Map<String, String> actual) {
    TagChanges<String> changes = TagChanges.between(actual, desired);
    return new Changes(changes.put(), changes.delete());
  }

  /** A tag change set; empty when the resource already carries the desired tags. */
  public record Changes(Map<String, String> add, Set<String> remove) {
    public Changes {
      add = Map.copyOf(add);
      remove = Set.copyOf(remove);
    }

    public boolean isEmpty() {
      return add.isEmpty() && remove.isEmpty();
    }
  }
}
