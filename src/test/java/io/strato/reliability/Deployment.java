package io.strato.reliability;

import io.strato.testsupport.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration replicas share, as environment variables: the AWS endpoint (moto), the store
 * (PostgreSQL, or each replica's own H2 file when none), the Kubernetes API (the CCM, when set) and
 * short leases for both elections, so a takeover is measured in seconds.
 */
record Deployment(
    MotoServer moto,
    Optional<String> storeUrl,
    String storeUser,
    Optional<String> kubernetesApi,
    String clusterId,
    Path publicKey,
    Duration lease) {

  static final String LEASE_NAMESPACE = "kube-system";
  static final String LEASE_NAME = "strato-cloud-controller-manager";

  /** What one replica, with its own data directory, is started with. */
  Map<String, String> environment(Path dataDir) {
    Map<String, String> env = new HashMap<>();
    env.put("STRATO_AWS_ENDPOINT", moto.endpoint().toString());
    env.put("STRATO_AWS_REGION", MotoServer.REGION);
    env.put("STRATO_AWS_EMULATOR", "off");
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("STRATO_DATA_DIR", dataDir.toString());
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString());
    env.put("STRATO_AUTH_AUDIENCE", "strato");
    env.put("STRATO_RECONCILE_POLL_INTERVAL", "PT0.5S");
    // kube-controller-manager's proportions: renew deadline 2/3 of the lease, retry 1/8.
    String duration = lease.toString();
    String renew = lease.multipliedBy(2).dividedBy(3).toString();
    String retry = lease.dividedBy(8).toString();
    env.put("STRATO_RECONCILE_LEASE_DURATION", duration);
    env.put("STRATO_RECONCILE_RENEW_DEADLINE", renew);
    env.put("STRATO_RECONCILE_RETRY_PERIOD", retry);
    env.put("STRATO_RECONCILE_CHANGE_POLL", "PT0.5S");
    storeUrl.ifPresent(
        url -> {
          env.put("STRATO_STORE_URL", url);
          env.put("STRATO_STORE_USER", storeUser);
        });
    kubernetesApi.ifPresent(
        url -> {
          env.put("STRATO_CCM_ENABLED", "true");
          env.put("STRATO_CCM_CLUSTER_ID", clusterId);
          env.put("STRATO_CCM_LEASE_NAMESPACE", LEASE_NAMESPACE);
          env.put("STRATO_CCM_LEASE_NAME", LEASE_NAME);
          env.put("STRATO_CCM_LEASE_DURATION", duration);
          env.put("STRATO_CCM_RENEW_DEADLINE", renew);
          env.put("STRATO_CCM_RETRY_PERIOD", retry);
          env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", url);
          env.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
          env.put("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", "default");
        });
    return env;
  }
}
