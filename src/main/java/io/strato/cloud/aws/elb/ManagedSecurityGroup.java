package io.strato.cloud.aws.elb;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.aws.OwnershipGuard;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * The security group Strato owns for a load balancer when the user names none: one per load
 * balancer, named after it, in the load balancer's VPC, opening each listener port to the source
 * ranges.
 */
final class ManagedSecurityGroup {

  /** The group's ID and what ensuring it did. */
  record Ensured(String groupId, ChangeOutcome outcome) {}

  /** What a delete did: whether it removed a group, and whether one is still in use. */
  record Removal(boolean removed, boolean pending) {
    Deletion deletion() {
      return pending ? Deletion.IN_PROGRESS : Deletion.GONE;
    }
  }

  private static final Logger LOG = Logger.getLogger(ManagedSecurityGroup.class);

  private final Ec2Client ec2;

  ManagedSecurityGroup(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  static String groupName(String loadBalancerName) {
    return "strato-nlb-" + loadBalancerName;
  }

  /**
   * Makes the group exist with the listener ports open to the source ranges.
   *
   * @param expectNew whether the load balancer is about to be created, so the group most likely
   *     does not exist either: it is then created straight away and looked up only when AWS says it
   *     exists (left by a create that crashed), which saves a look-up on every first create
   */
  Ensured ensure(Ownership owner, LoadBalancerSpec spec, String vpcId, boolean expectNew) {
    String name = groupName(spec.name());
    Optional<SecurityGroup> found = expectNew ? Optional.empty() : find(name, vpcId);
    found.ifPresent(g -> requireOwned(owner, g));
    Group group =
        found
            .map(g -> new Group(g.groupId(), g.ipPermissions(), false))
            .orElseGet(() -> create(owner, name, vpcId));
    IngressRules.Changes changes =
        IngressRules.changes(
            IngressRules.desired(spec.listeners(), spec.sourceRanges()),
            IngressRules.actual(group.ingress()));
    String groupId = group.id();
    if (!changes.authorize().isEmpty()) {
      authorize(groupId, changes);
    }
    if (!changes.revoke().isEmpty()) {
      AwsErrors.run(
          "ec2:RevokeSecurityGroupIngress",
          () ->
              ec2.revokeSecurityGroupIngress(
                  r ->
                      r.groupId(groupId)
                          .ipPermissions(IngressRules.permissions(changes.revoke()))));
    }
    ChangeOutcome outcome =
        group.created()
            ? ChangeOutcome.CREATED
            : changes.isEmpty() ? ChangeOutcome.UNCHANGED : ChangeOutcome.UPDATED;
    return new Ensured(groupId, outcome);
  }

  /** A group as found or made: its ingress rules, and whether this call created it. */
  private record Group(String id, List<IpPermission> ingress, boolean created) {}

  /**
   * Deletes this load balancer's managed groups (in any VPC, so one left behind by a VPC move goes
   * too). {@code DependencyViolation} means the load balancer's network interfaces, which AWS
   * removes a few minutes after the load balancer, still use the group: that is progress, not
   * failure.
   */
  Removal delete(Ownership owner, String loadBalancerName) {
    boolean removed = false;
    boolean pending = false;
    for (SecurityGroup group : describe(List.of(nameFilter(groupName(loadBalancerName))))) {
      if (!owner.owns(AwsTags.fromEc2(group.tags()))) {
        continue;
      }
      try {
        AwsErrors.run(
            "ec2:DeleteSecurityGroup",
            () -> ec2.deleteSecurityGroup(r -> r.groupId(group.groupId())));
        LOG.infof(
            "deleted security group %s of load balancer %s", group.groupId(), loadBalancerName);
        removed = true;
      } catch (CloudException.NotFound gone) {
        // already deleted: success
      } catch (CloudException.Conflict inUse) {
        LOG.infof(
            "security group %s of load balancer %s is still in use; will retry",
            group.groupId(), loadBalancerName);
        pending = true;
      }
    }
    return new Removal(removed, pending);
  }

  /**
   * {@code InvalidPermission.Duplicate} means a rule is already there: an earlier attempt of this
   * very call took effect but its answer was lost (the SDK retried it), or another reconcile added
   * it. Either way the group is as desired; the next reconcile re-reads it. Found by the fault
   * injection campaign (a dropped response left the load balancer Failed for good).
   */
  private void authorize(String groupId, IngressRules.Changes changes) {
    try {
      ec2.authorizeSecurityGroupIngress(
          r -> r.groupId(groupId).ipPermissions(IngressRules.permissions(changes.authorize())));
    } catch (SdkException e) {
      if (!"InvalidPermission.Duplicate".equals(AwsErrors.codeOf(e))) {
        throw AwsErrors.translate("ec2:AuthorizeSecurityGroupIngress", e);
      }
      LOG.infof("ingress rules of security group %s were already there", groupId);
    }
  }

  private Group create(Ownership owner, String name, String vpcId) {
    try {
      String id =
          AwsErrors.call(
                  "ec2:CreateSecurityGroup",
                  () ->
                      ec2.createSecurityGroup(
                          r ->
                              r.groupName(name)
                                  .vpcId(vpcId)
                                  .description("Strato: listener ports of network load balancer")
                                  .tagSpecifications(
                                      AwsTags.ec2Specification(
                                          ResourceType.SECURITY_GROUP, tags(owner, name)))))
              .groupId();
      LOG.infof("created security group %s (%s) in %s", name, id, vpcId);
      return new Group(id, List.of(), true);
    } catch (CloudException.Conflict e) {
      if (!"InvalidGroup.Duplicate".equals(AwsErrors.codeOf(e.getCause()))) {
        throw e;
      }
      // Created by a call whose answer we never saw (a crash, a timeout): use it if it is ours.
      SecurityGroup group = find(name, vpcId).orElseThrow(() -> e);
      requireOwned(owner, group);
      return new Group(group.groupId(), group.ipPermissions(), false);
    }
  }

  private Optional<SecurityGroup> find(String name, String vpcId) {
    return describe(
            List.of(nameFilter(name), Filter.builder().name("vpc-id").values(vpcId).build()))
        .stream()
        .findFirst();
  }

  private List<SecurityGroup> describe(List<Filter> filters) {
    List<SecurityGroup> groups = new ArrayList<>();
    String token = null;
    do {
      String page = token;
      var response =
          AwsErrors.call(
              "ec2:DescribeSecurityGroups",
              () -> ec2.describeSecurityGroups(r -> r.filters(filters).nextToken(page)));
      groups.addAll(response.securityGroups());
      token = response.nextToken();
    } while (token != null && !token.isEmpty());
    return groups;
  }

  private static Filter nameFilter(String name) {
    return Filter.builder().name("group-name").values(name).build();
  }

  private static Map<String, String> tags(Ownership owner, String name) {
    Map<String, String> tags = new LinkedHashMap<>(owner.tags());
    tags.put("Name", name);
    return tags;
  }

  private static void requireOwned(Ownership owner, SecurityGroup group) {
    OwnershipGuard.requireOwned(
        owner,
        "ec2:CreateSecurityGroup",
        "security group " + group.groupName() + " (" + group.groupId() + ")",
        AwsTags.fromEc2(group.tags()));
  }
}
