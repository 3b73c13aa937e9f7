package io.strato.cloud.gcp.cluster;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Strato with its built-in GKE fake serving GKE, as in the local default. */
public class FakeGkeProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("strato.gcp.emulator", "always", "strato.gcp.project", "strato-test");
  }
}
