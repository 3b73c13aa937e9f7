package io.strato.cloud.aws.cluster.selfmanaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The CCM a self-managed cluster runs is exactly the providers/aws base with the cluster's values:
 * kubectl renders an overlay of the base that patches its ConfigMap, and Strato's rendering must be
 * the same bytes. So the copy in the jar cannot drift from providers/aws (or providers/image).
 */
class CcmManifestsTest {

  @Test
  void theRenderingIsWhatKubectlKustomizeMakesOfTheBaseWithTheClustersValues() throws Exception {
    String kubectl = kustomizeOverlay("prod-eu", "eu-west-1", "10.32.0.0/16");

    assertThat(CcmManifests.render("prod-eu", "eu-west-1", "10.32.0.0/16")).isEqualTo(kubectl);
  }

  @Test
  void aClusterNameYamlWouldReadAsANumberIsQuotedAsKustomizeQuotesIt() throws Exception {
    String kubectl = kustomizeOverlay("2024", "us-west-2", "10.244.0.0/16");

    assertThat(CcmManifests.render("2024", "us-west-2", "10.244.0.0/16")).isEqualTo(kubectl);
  }

  @Test
  void theGzippedFormIsStableAndAboutAThirdOfTheSize() {
    String manifests = CcmManifests.render("prod", "us-east-1", "10.244.0.0/16");
    String gz = CcmManifests.gzipBase64(manifests);

    assertThat(CcmManifests.gzipBase64(manifests)).isEqualTo(gz);
    System.out.printf(
        "CCM manifests: %d bytes, %d gzipped in base64%n", manifests.length(), gz.length());
    assertThat(gz.length()).isLessThan(manifests.length() / 2);
  }

  /** {@code kubectl kustomize} of an overlay in target/ that patches the base's ConfigMap. */
  private static String kustomizeOverlay(String clusterId, String region, String podCidr)
      throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "ccm-overlay-" + clusterId));
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - ../../providers/aws
        patches:
          - patch: |-
              apiVersion: v1
              kind: ConfigMap
              metadata:
                name: strato-cloud-config
                namespace: kube-system
              data:
                cluster-id: "%s"
                region: "%s"
                cluster-cidr: "%s"
        """
            .formatted(clusterId, region, podCidr));
    Path out = dir.resolve("rendered.yaml");
    Process p;
    try {
      p =
          new ProcessBuilder("kubectl", "kustomize", dir.toString())
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
    } catch (java.io.IOException noKubectl) {
      // As KustomizeRender: .ci/run requires kubectl, so under CI this never skips.
      if ("true".equals(System.getenv("CI"))) {
        throw noKubectl;
      }
      Assumptions.abort("kubectl is not installed: " + noKubectl.getMessage());
      throw noKubectl;
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
