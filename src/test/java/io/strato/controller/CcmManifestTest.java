package io.strato.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The CCM's Deployment as shipped in providers/aws: the REST API off, and probes and metrics on the
 * management port, the only port it opens on the host's network.
 */
class CcmManifestTest {

  private static Container strato() throws Exception {
    try (InputStream in = Files.newInputStream(Path.of("providers/aws/deployment.yaml"))) {
      Deployment d = Serialization.unmarshal(in, Deployment.class);
      return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }
  }

  private static Map<String, String> env(Container c) {
    return c.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void theApiIsOffAndOnlyTheManagementPortFacesTheNetwork() throws Exception {
    Map<String, String> env = env(strato());
    assertThat(env)
        .containsEntry("STRATO_API_ENABLED", "false")
        .containsEntry("QUARKUS_MANAGEMENT_PORT", "10258")
        .containsEntry("QUARKUS_HTTP_HOST", "127.0.0.1");
    assertThat(strato().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("management");
              assertThat(p.getContainerPort()).isEqualTo(10258);
            });
  }

  @Test
  void probesAndScrapingUseTheManagementPort() throws Exception {
    Container c = strato();
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
    assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
    try (InputStream in = Files.newInputStream(Path.of("providers/aws/deployment.yaml"))) {
      Map<String, String> annotations =
          Serialization.unmarshal(in, Deployment.class)
              .getSpec()
              .getTemplate()
              .getMetadata()
              .getAnnotations();
      assertThat(annotations)
          .containsEntry("prometheus.io/scrape", "true")
          .containsEntry("prometheus.io/port", "10258")
          .containsEntry("prometheus.io/path", "/q/metrics");
    }
  }
}
