package io.strato.cloud.loadbalancer;

/** A registered target: an instance ID or an IP address, on the listener's target port. */
public record Target(String id) {}
