package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/**
 * Applies a {@link TargetRulePlan.Plan}: per group one revoke, then one authorise, each rule
 * carrying the description that marks it as its owner's.
 */
final class SecurityGroupRuleWriter {

  private static final Logger LOG = Logger.getLogger(SecurityGroupRuleWriter.class);

  private final Ec2Client ec2;

  SecurityGroupRuleWriter(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  void apply(TargetRulePlan.Plan plan, String description) {
    for (TargetRulePlan.GroupChanges change : plan.changes()) {
      if (!change.revoke().isEmpty()) {
        try {
          AwsErrors.run(
              "ec2:RevokeSecurityGroupIngress",
              () ->
                  ec2.revokeSecurityGroupIngress(
                      r ->
                          r.groupId(change.groupId())
                              .ipPermissions(
                                  TargetRulePlan.permissions(change.revoke(), description))));
        } catch (CloudException.NotFound gone) {
          // the group or the rules went already: nothing of ours is left in it
        }
      }
      if (!change.authorize().isEmpty()) {
        authorize(change.groupId(), TargetRulePlan.permissions(change.authorize(), description));
      }
    }
  }

  /** A rule already there (an answer lost on the way, a concurrent reconcile) is as desired. */
  private void authorize(String groupId, List<IpPermission> permissions) {
    try {
      ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(permissions));
    } catch (SdkException e) {
      if (!"InvalidPermission.Duplicate".equals(AwsErrors.codeOf(e))) {
        throw AwsErrors.translate("ec2:AuthorizeSecurityGroupIngress", e);
      }
      LOG.infof("target rules in security group %s were already there", groupId);
    }
  }
}
