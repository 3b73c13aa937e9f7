package io.strato.cloud.aws.asg;

/** The AWS parts a node group is made of, and the memo they share. */
record NodeGroupParts(
    LaunchTemplates templates,
    AutoScalingGroups groups,
    ScalingPolicies policies,
    NodeGroupMemo memo) {}
