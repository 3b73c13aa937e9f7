package io.strato.cloud.route;

/**
 * A pod-CIDR route: traffic for {@code destinationCidr} goes to the node's instance.
 *
 * @param routeTableId the table it is in
 */
public record Route(String routeTableId, String destinationCidr, String instanceId) {}
