package io.strato.cloud.aws.eks;

/** How many nodes a rolling update of a managed node group may take down at once: one of two. */
public record EksUpdateConfig(Integer maxUnavailable, Integer maxUnavailablePercentage) {}
