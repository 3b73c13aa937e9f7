package io.strato.cloud.aws.appscaling;

/** A registered scalable target: the resource and the bounds the scaler keeps it within. */
public record ScalableTarget(ScalableResource resource, int minCapacity, int maxCapacity) {}
