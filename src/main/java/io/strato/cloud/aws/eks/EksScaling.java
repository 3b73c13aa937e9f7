package io.strato.cloud.aws.eks;

/** A managed node group's size bounds and wanted size. */
public record EksScaling(int minSize, int maxSize, int desiredSize) {}
