package io.strato.cloud.nodegroup;

/** A Kubernetes taint declared for a node group's nodes. */
public record Taint(String key, String value, String effect) {}
