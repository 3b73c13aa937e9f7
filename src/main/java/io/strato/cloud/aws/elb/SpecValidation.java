package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rejects, before any cloud call, specs AWS would reject halfway through a reconcile; the message
 * goes to the user, so it says what to change.
 */
final class SpecValidation {

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?");

  private SpecValidation() {}

  static void check(LoadBalancerSpec spec) {
    if (spec.name() == null
        || !NAME.matcher(spec.name()).matches()
        || spec.name().startsWith("internal-")) {
      throw invalid(
          "InvalidName",
          "load balancer name '"
              + spec.name()
              + "' must be 1 to 32 letters, digits or hyphens, must not begin or end with a hyphen"
              + " and must not begin with 'internal-'");
    }
    if (spec.scheme() == null) {
      throw invalid("InvalidSpec", "load balancer " + spec.name() + " needs a scheme");
    }
    if (!spec.subnetAddresses().allocationIds().isEmpty()
        && !spec.subnetAddresses().privateIpv4Addresses().isEmpty()) {
      throw invalid(
          "InvalidSubnetAddresses",
          "load balancer " + spec.name() + " takes Elastic IPs or private addresses, not both");
    }
    Set<Integer> ports = new HashSet<>();
    for (ListenerSpec listener : spec.listeners()) {
      if (!ports.add(listener.port())) {
        throw invalid(
            "DuplicateListenerPort",
            "load balancer " + spec.name() + " declares port " + listener.port() + " twice");
      }
      if (listener.protocol() == ListenerProtocol.TLS
          && (listener.certificateArn() == null || listener.certificateArn().isBlank())) {
        throw invalid(
            "CertificateRequired",
            "the TLS listener on port " + listener.port() + " needs a certificate ARN");
      }
    }
  }

  private static CloudException.InvalidRequest invalid(String reason, String message) {
    return new CloudException.InvalidRequest("aws", "validate", reason, message, null);
  }
}
