package io.strato.reconcile;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Where and how replicas elect their leader: the Lease, this replica's identity and the timings.
 * Here, with the engine, because both leaders use it: the CCM's (a Kubernetes Lease) and the
 * provisioning engine's (a row in the store), which shares the identity rule.
 *
 * <p>The timings follow kube-controller-manager's rules: the lease outlives the renew deadline (a
 * leader gives up before anyone else may take over), and the renew deadline leaves room for several
 * retries.
 */
public record LeaseSettings(
    String namespace,
    String name,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  public LeaseSettings {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(identity, "identity");
    if (leaseDuration.compareTo(renewDeadline) <= 0) {
      throw new IllegalArgumentException(
          "leaseDuration ("
              + leaseDuration
              + ") must exceed renewDeadline ("
              + renewDeadline
              + ")");
    }
    if (renewDeadline.compareTo(retryPeriod) <= 0) {
      throw new IllegalArgumentException(
          "renewDeadline (" + renewDeadline + ") must exceed retryPeriod (" + retryPeriod + ")");
    }
  }

  /**
   * The pod name (from the Downward API's {@code POD_NAME}, else {@code HOSTNAME}, which is the pod
   * name in Kubernetes) plus a random suffix, so a restarted container never mistakes the lease its
   * previous self held for its own, as client-go's election does too.
   */
  public static String defaultIdentity() {
    String host = System.getenv("POD_NAME");
    if (host == null || host.isBlank()) {
      host = System.getenv("HOSTNAME");
    }
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "strato";
      }
    }
    return host + "_" + UUID.randomUUID();
  }
}
