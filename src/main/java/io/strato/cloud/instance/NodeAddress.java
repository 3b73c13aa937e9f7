package io.strato.cloud.instance;

/**
 * A Kubernetes node address.
 *
 * @param type InternalIP, ExternalIP, InternalDNS, ExternalDNS or Hostname
 */
public record NodeAddress(String type, String address) {}
