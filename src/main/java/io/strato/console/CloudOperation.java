package io.strato.console;

/**
 * One cloud API operation as the call counters tag it, e.g. aws, elasticloadbalancing,
 * CreateLoadBalancer.
 */
public record CloudOperation(String provider, String service, String operation) {}
