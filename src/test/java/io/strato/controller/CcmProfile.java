package io.strato.controller;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Strato as a cluster's cloud controller manager, with short leases for a fast test. */
public class CcmProfile implements QuarkusTestProfile {

  public static final String CLUSTER = "e2e";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("strato.ccm.enabled", "true"),
        Map.entry("strato.ccm.cluster-id", CLUSTER),
        Map.entry("strato.ccm.configure-routes", "true"),
        Map.entry("strato.ccm.cluster-cidr", "100.64.0.0/16"),
        Map.entry("strato.ccm.lease-duration", "PT2S"),
        Map.entry("strato.ccm.renew-deadline", "PT1.5S"),
        Map.entry("strato.ccm.retry-period", "PT0.2S"),
        Map.entry("strato.reconcile.poll-interval", "PT0.2S"));
  }
}
