package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.cluster.PodNetwork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Strato's own cloud controller manager as a self-managed cluster runs it: the {@code
 * providers/aws} kustomize base with this cluster's ID, region and pod CIDR in its {@code
 * strato-cloud-config} ConfigMap. The base is kept in the jar as {@code kubectl kustomize
 * providers/aws} renders it (image from {@code providers/image} included), and the three values are
 * put in as an overlay patching that ConfigMap would; {@code CcmManifestsTest} renders such an
 * overlay with kubectl and compares the bytes, so the base has one source of truth.
 *
 * <p>The CCM runs as the control-plane instance role (host network, IMDS), which carries the same
 * policy file as Strato's own role: no credential is written into the cluster. Routes stay off: the
 * default pod network encapsulates (see {@link PodNetwork}).
 */
final class CcmManifests {

  private static final String RESOURCE = "/bootstrap/strato-ccm.yaml";

  /** The lines of the base that carry the per-cluster values, exactly as kustomize writes them. */
  private static final String CLUSTER_ID = "  cluster-id: CHANGE-ME\n";

  private static final String REGION = "  region: us-east-1\n";
  private static final String CLUSTER_CIDR = "  cluster-cidr: null\n";

  /** Values YAML would read as something other than a string; kustomize quotes them. */
  private static final Pattern NEEDS_QUOTES =
      Pattern.compile(
          "(?i)[-+]?[0-9][0-9_.eE+-]*|true|false|yes|no|on|off|null|~|y|n|0x[0-9a-f]+|0o?[0-7]+");

  private CcmManifests() {}

  /** The manifests to apply, as YAML documents. */
  static String render(String clusterId, String region, String podCidr) {
    String base = base();
    base = replaceOnce(base, CLUSTER_ID, "  cluster-id: " + scalar(clusterId) + "\n");
    base = replaceOnce(base, REGION, "  region: " + scalar(region) + "\n");
    return replaceOnce(base, CLUSTER_CIDR, "  cluster-cidr: " + scalar(podCidr) + "\n");
  }

  /**
   * The manifests gzipped and in base64, as the user data carries them: about 2.3 KB instead of 7,
   * which keeps the first member's script under EC2's 16 KiB. GZIPOutputStream writes no time or
   * name, so the same manifests give the same bytes and no new launch template version.
   */
  static String gzipBase64(String manifests) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(manifests.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(out.toByteArray());
  }

  static String base() {
    try (InputStream in = CcmManifests.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String scalar(String value) {
    return NEEDS_QUOTES.matcher(value).matches() ? "\"" + value + "\"" : value;
  }

  private static String replaceOnce(String text, String line, String replacement) {
    int at = text.indexOf(line);
    if (at < 0 || text.indexOf(line, at + 1) >= 0) {
      throw new IllegalStateException(
          RESOURCE + " must hold the line '" + line.strip() + "' exactly once");
    }
    return text.substring(0, at) + replacement + text.substring(at + line.length());
  }
}
