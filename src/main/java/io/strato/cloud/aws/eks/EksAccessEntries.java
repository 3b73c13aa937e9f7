package io.strato.cloud.aws.eks;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AccessScopeType;
import software.amazon.awssdk.services.eks.model.ListAccessEntriesResponse;

/**
 * EKS access entries: which IAM principals may use a cluster's Kubernetes API, and with which
 * access policy. SDK types stay inside; every call goes through {@link AwsErrors}.
 */
public final class EksAccessEntries {

  /** The access policy equal to Kubernetes' cluster-admin ClusterRole. */
  public static final String CLUSTER_ADMIN_POLICY =
      "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

  private final EksClient eks;

  public EksAccessEntries(EksClient eks) {
    this.eks = eks;
  }

  /** The principal ARNs that have an access entry on the cluster. */
  public List<String> principals(String cluster) {
    List<String> all = new ArrayList<>();
    String next = null;
    do {
      String token = next;
      ListAccessEntriesResponse page =
          AwsErrors.call(
              "ListAccessEntries",
              () -> eks.listAccessEntries(r -> r.clusterName(cluster).nextToken(token)));
      all.addAll(page.accessEntries());
      next = page.nextToken();
    } while (next != null);
    return all;
  }

  public Map<String, String> tags(String cluster, String principal) {
    var entry =
        AwsErrors.call(
                "DescribeAccessEntry",
                () -> eks.describeAccessEntry(r -> r.clusterName(cluster).principalArn(principal)))
            .accessEntry();
    return entry.tags() == null ? Map.of() : entry.tags();
  }

  /**
   * Gives the principal cluster-admin on the whole cluster. Both calls are safe to repeat: an entry
   * that exists answers ResourceInUse, which means done, and associating a policy again replaces
   * the association with the same one.
   */
  public void grantClusterAdmin(String cluster, String principal, Map<String, String> tags) {
    try {
      AwsErrors.call(
          "CreateAccessEntry",
          () ->
              eks.createAccessEntry(
                  r -> r.clusterName(cluster).principalArn(principal).tags(tags)));
    } catch (CloudException.Conflict exists) {
      // Made by an earlier attempt (or by hand); the policy below is what matters.
    }
    AwsErrors.call(
        "AssociateAccessPolicy",
        () ->
            eks.associateAccessPolicy(
                r ->
                    r.clusterName(cluster)
                        .principalArn(principal)
                        .policyArn(CLUSTER_ADMIN_POLICY)
                        .accessScope(s -> s.type(AccessScopeType.CLUSTER))));
  }

  /** Whether the principal's entry has the cluster-admin policy over the whole cluster. */
  public boolean hasClusterAdmin(String cluster, String principal) {
    return AwsErrors.call(
            "ListAssociatedAccessPolicies",
            () ->
                eks.listAssociatedAccessPolicies(
                    r -> r.clusterName(cluster).principalArn(principal)))
        .associatedAccessPolicies()
        .stream()
        .anyMatch(
            p ->
                CLUSTER_ADMIN_POLICY.equals(p.policyArn())
                    && p.accessScope() != null
                    && p.accessScope().type() == AccessScopeType.CLUSTER);
  }

  /** Removes the entry and its policies; an entry already gone is success. */
  public void revoke(String cluster, String principal) {
    try {
      AwsErrors.run(
          "DeleteAccessEntry",
          () -> eks.deleteAccessEntry(r -> r.clusterName(cluster).principalArn(principal)));
    } catch (CloudException.NotFound gone) {
      // already revoked
    }
  }
}
