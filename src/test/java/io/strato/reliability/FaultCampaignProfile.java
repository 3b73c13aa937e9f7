package io.strato.reliability;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Strato as it runs in production with both jobs on: the provisioning API and the cluster's cloud
 * controller manager (leader election on a Lease included), with a short lease so the campaign does
 * not wait for the first election.
 */
public class FaultCampaignProfile implements QuarkusTestProfile {

  public static final String CLUSTER = "faults";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("strato.ccm.enabled", "true"),
        Map.entry("strato.ccm.cluster-id", CLUSTER),
        Map.entry("strato.ccm.lease-duration", "PT4S"),
        Map.entry("strato.ccm.renew-deadline", "PT3S"),
        Map.entry("strato.ccm.retry-period", "PT0.5S"),
        Map.entry("strato.reconcile.poll-interval", "PT2S"),
        // The mock API server logs every request at INFO: thousands of lines per minute here.
        Map.entry("quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN"));
  }
}
