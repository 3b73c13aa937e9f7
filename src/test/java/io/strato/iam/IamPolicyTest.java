package io.strato.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.strato.cloud.Ownership;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IamPolicyTest {

  static final Path POLICY = Path.of("providers", "aws", "iam-policy.json");

  /**
   * The cluster ID the manifests ship; terraform/modules/aws-strato-iam substitutes the real one.
   */
  static final String CLUSTER_PLACEHOLDER = "CHANGE-ME";

  /** IAM's limit for one managed policy, counted without whitespace. */
  static final int MANAGED_POLICY_LIMIT = 6144;

  @Test
  void actionsAsAStringOrAListWithWildcardsAndCaseInsensitively() throws IOException {
    IamPolicy policy =
        IamPolicy.parse(
            """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
              {"Effect": "Allow", "Action": ["elasticloadbalancing:CreateLoadBalancer"], "Resource": "*"}
            ]}
            """);
    assertThat(policy.grants("ec2:DescribeSubnets")).isTrue();
    assertThat(policy.grants("EC2:describesubnets")).isTrue();
    assertThat(policy.grants("elasticloadbalancing:CreateLoadBalancer")).isTrue();
    assertThat(policy.grants("ec2:CreateVpc")).isFalse();
    assertThat(policy.grants("elasticloadbalancing:CreateLoadBalancerX")).isFalse();
  }

  @Test
  void anUnconditionalDenyWinsAndAConditionalAllowStillGrants() throws IOException {
    IamPolicy policy =
        IamPolicy.parse(
            """
            {"Statement": [
              {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
              {"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*"},
              {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
               "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}
            ]}
            """);
    assertThat(policy.grants("ec2:RunInstances")).isFalse();
    assertThat(policy.grants("ec2:CreateRoute")).isTrue();
    assertThat(policy.grants("iam:PassRole")).isTrue();
  }

  @Test
  void theShippedPolicyGrantsTheRouteAndInstanceCallsAndTheServiceLinkedRoles() throws IOException {
    IamPolicy policy = IamPolicy.read(POLICY);
    assertThat(policy.allowedActions())
        .contains(
            "ec2:DescribeRouteTables",
            "ec2:CreateRoute",
            "ec2:ReplaceRoute",
            "ec2:DeleteRoute",
            "ec2:ModifyInstanceAttribute",
            "ec2:DescribeInstances",
            "ec2:RunInstances",
            "iam:PassRole",
            "iam:CreateServiceLinkedRole")
        .noneMatch(a -> a.contains("*"))
        .doesNotContain(
            "ec2:CreateVpc",
            "ec2:CreateSubnet",
            // the route controller reads the check from its batched DescribeInstances
            "ec2:DescribeInstanceAttribute");
  }

  @Test
  void nothingButTheDocumentedActionsIsGrantedOnEveryResourceWithoutACondition()
      throws IOException {
    IamPolicy policy = IamPolicy.read(POLICY);
    SortedMap<String, String> documented = UnscopedActions.read(UnscopedActions.FILE);
    assertThat(policy.unscopedActions())
        .as(
            "actions granted on \"*\" without a condition: scope them by the ownership tag"
                + " (aws:ResourceTag / aws:RequestTag), by a resource ARN, or, where AWS offers"
                + " neither, list them with the reason in %s",
            UnscopedActions.FILE)
        .isSubsetOf(documented.keySet());
    assertThat(documented.keySet())
        .as("entries of %s the policy no longer grants unscoped: remove them", UnscopedActions.FILE)
        .isSubsetOf(policy.unscopedActions());
  }

  @Test
  void theOnlyMutatingUnscopedActionIsTheOneEcsOffersNoScopeFor() throws IOException {
    List<String> mutating =
        IamPolicy.read(POLICY).unscopedActions().stream().filter(a -> !isReadOnly(a)).toList();
    assertThat(mutating).containsExactly("ecs:DeregisterTaskDefinition");
  }

  @Test
  void conditionsNameTheTagsTheCodeWritesOnCreate() throws IOException {
    String managedBy = Ownership.MANAGED_BY_TAG;
    String value = new Ownership("uid", "Kind", "name", null).tags().get(managedBy);
    IamPolicy policy = IamPolicy.read(POLICY);
    Set<String> tagKeys = new TreeSet<>();
    policy.conditionKeys().stream()
        .filter(k -> k.startsWith("aws:RequestTag/") || k.startsWith("aws:ResourceTag/"))
        .forEach(tagKeys::add);
    assertThat(tagKeys)
        .containsExactlyInAnyOrder(
            "aws:RequestTag/" + managedBy,
            "aws:ResourceTag/" + managedBy,
            "aws:ResourceTag/" + Ownership.CLUSTER_TAG_PREFIX + CLUSTER_PLACEHOLDER,
            "aws:ResourceTag/" + Ownership.INGRESS_ALLOWED_TAG);
    for (IamPolicy.Statement s : policy.statements()) {
      JsonNode owner = s.condition().path("StringEquals");
      for (String key : List.of("aws:RequestTag/" + managedBy, "aws:ResourceTag/" + managedBy)) {
        if (owner.has(key)) {
          assertThat(owner.get(key).asText()).as("%s in %s", key, s.sid()).isEqualTo(value);
        }
      }
    }
  }

  @Test
  void everyResourceCreatingCallIsGrantedOnlyWithTheOwnershipTagInTheRequest() throws IOException {
    // The create calls in cloud/aws that make a resource which can carry tags.
    List<String> creates =
        List.of(
            "application-autoscaling:RegisterScalableTarget",
            "autoscaling:CreateAutoScalingGroup",
            "ec2:CreateLaunchTemplate",
            "ec2:CreateSecurityGroup",
            "ecs:CreateCapacityProvider",
            "ecs:CreateCluster",
            "ecs:CreateService",
            "ecs:RegisterTaskDefinition",
            "eks:CreateCluster",
            "eks:CreateNodegroup",
            "elasticloadbalancing:CreateListener",
            "elasticloadbalancing:CreateLoadBalancer",
            "elasticloadbalancing:CreateTargetGroup");
    String requestTag = "aws:RequestTag/" + Ownership.MANAGED_BY_TAG;
    String resourceTag = "aws:ResourceTag/" + Ownership.MANAGED_BY_TAG;
    for (IamPolicy.Statement s : IamPolicy.read(POLICY).statements()) {
      for (String create : creates) {
        if (!s.allow() || s.actions().stream().noneMatch(a -> IamPolicy.matches(a, create))) {
          continue;
        }
        JsonNode equals = s.condition().path("StringEquals");
        // A create may also be allowed on resources it does not make: the VPC a security group
        // goes into. RegisterScalableTarget on an existing (owned) target updates its bounds.
        boolean vpcOnly = s.resources().equals(List.of("arn:aws:ec2:*:*:vpc/*"));
        assertThat(equals.has(requestTag) || equals.has(resourceTag) || vpcOnly)
            .as("%s in statement %s is not limited to the ownership tag", create, s.sid())
            .isTrue();
      }
    }
  }

  @Test
  void everyActionAwsChecksOnStratosBehalfIsGranted() throws IOException {
    IamPolicy policy = IamPolicy.read(POLICY);
    ImpliedActions implied = ImpliedActions.read(ImpliedActions.FILE);
    assertThat(implied.all()).as("implied actions").isNotEmpty();
    assertThat(implied.all().stream().filter(a -> !policy.grants(a)).toList())
        .as("actions AWS checks against Strato's permissions, per %s", ImpliedActions.FILE)
        .isEmpty();
    // ECS service autoscaling: the target-tracking policy's alarms are created as Strato.
    assertThat(implied.of("application-autoscaling:PutScalingPolicy"))
        .containsKeys("cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms");
    assertThat(implied.of("application-autoscaling:DeleteScalingPolicy"))
        .containsKey("cloudwatch:DeleteAlarms");
  }

  @Test
  void passRoleOnlyForStratoRolesAndOnlyToEc2AndEks() throws IOException {
    List<IamPolicy.Statement> passRole =
        IamPolicy.read(POLICY).statements().stream()
            .filter(s -> s.actions().stream().anyMatch(a -> IamPolicy.matches(a, "iam:PassRole")))
            .toList();
    assertThat(passRole).isNotEmpty();
    for (IamPolicy.Statement s : passRole) {
      // terraform/modules/aws-strato-iam replaces "role/strato-*" with its pass_role_pattern
      assertThat(s.resources()).containsExactly("arn:aws:iam::*:role/strato-*");
      List<String> services = new ArrayList<>();
      s.condition()
          .path("StringEquals")
          .path("iam:PassedToService")
          .forEach(n -> services.add(n.asText()));
      assertThat(services).containsExactlyInAnyOrder("ec2.amazonaws.com", "eks.amazonaws.com");
    }
  }

  @Test
  void eksAccessEntriesAreGrantedOnOwnedClustersOnly() throws IOException {
    IamPolicy policy = IamPolicy.read(POLICY);
    for (String action :
        List.of(
            "eks:CreateAccessEntry",
            "eks:AssociateAccessPolicy",
            "eks:DeleteAccessEntry",
            "eks:DescribeAccessEntry",
            "eks:ListAccessEntries")) {
      assertThat(policy.grants(action)).as(action).isTrue();
    }
    assertThat(policy.unscopedActions()).doesNotContain("eks:CreateAccessEntry");
  }

  /**
   * The module splits the statements into ceil(size / 5000) managed policies of equal statement
   * count (terraform/modules/aws-strato-iam/main.tf); each part must stay within IAM's limit.
   */
  @Test
  void eachManagedPolicyPartTheModuleMakesFitsIamsSizeLimit() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ArrayNode statements = (ArrayNode) json.readTree(POLICY.toFile()).path("Statement");
    int parts = (int) Math.ceil(json.writeValueAsString(statements).length() / 5000.0);
    int perPart = (int) Math.ceil(statements.size() / (double) parts);
    for (int from = 0; from < statements.size(); from += perPart) {
      ArrayNode part = json.createArrayNode();
      for (int i = from; i < Math.min(statements.size(), from + perPart); i++) {
        part.add(statements.get(i));
      }
      String document =
          json.writeValueAsString(
              json.createObjectNode().put("Version", "2012-10-17").set("Statement", part));
      assertThat(document.length())
          .as("managed policy part starting at statement %d", from)
          .isLessThanOrEqualTo(MANAGED_POLICY_LIMIT);
    }
  }

  static boolean isReadOnly(String action) {
    String verb = action.substring(action.indexOf(':') + 1).toLowerCase(Locale.ROOT);
    return verb.startsWith("describe") || verb.startsWith("list") || verb.startsWith("get");
  }
}
