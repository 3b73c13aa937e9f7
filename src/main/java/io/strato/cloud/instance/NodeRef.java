package io.strato.cloud.instance;

/**
 * How to find a node's instance: by providerID when it has one, else by its private DNS name or
 * internal IP (the kubelet registers before anything sets a providerID).
 */
public record NodeRef(String nodeName, String providerId, String internalIp) {}
