package io.strato.cloud.aws.asg;

/** The AWS parts a node group is made of, the memo they share, and what its rollouts use. */
record NodeGroupParts(
    LaunchTemplates templates,
    AutoScalingGroups groups,
    ScalingPolicies policies,
    NodeGroupMemo memo,
    InstanceVersions instanceVersions,
    TerminationHooks hooks,
    RolloutActions rollouts) {}
