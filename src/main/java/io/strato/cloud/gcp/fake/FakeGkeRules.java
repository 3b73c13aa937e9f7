package io.strato.cloud.gcp.fake;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The GKE fake's rules that need no state: names, zones, versions, defaults. Made up, like it. */
final class FakeGkeRules {

  private FakeGkeRules() {}

  /** Versions the fake hands out for a channel or a minor version; made up. */
  static final Map<String, String> CHANNEL_DEFAULTS =
      Map.of(
          "RAPID", "1.33.2-gke.1000",
          "REGULAR", "1.32.4-gke.1200",
          "STABLE", "1.31.8-gke.1100",
          "EXTENDED", "1.31.8-gke.1100");

  static final String LINK = "https://container.googleapis.com/v1/";

  record PoolRef(String clusterPath, String pool) {
    static PoolRef of(String poolPath) {
      int at = poolPath.indexOf("/nodePools/");
      if (at < 0) {
        throw invalid("not a node pool name: " + poolPath);
      }
      return new PoolRef(
          poolPath.substring(0, at), poolPath.substring(at + "/nodePools/".length()));
    }
  }

  static Optional<NodePool> pool(Cluster c, String name) {
    return c.getNodePoolsList().stream().filter(p -> p.getName().equals(name)).findFirst();
  }

  static NodePool requirePool(Cluster c, String name) {
    return pool(c, name)
        .orElseThrow(
            () ->
                Status.NOT_FOUND
                    .withDescription("Node pool " + name + " not found")
                    .asRuntimeException());
  }

  static NodePool newPool(String clusterPath, NodePool wanted, List<String> clusterZones) {
    if (!wanted.getName().matches("[a-z]([-a-z0-9]{0,38}[a-z0-9])?")) {
      throw invalid(
          "Node pool name must be 1-40 lowercase letters, digits or '-': " + wanted.getName());
    }
    NodePool.Builder b =
        wanted.toBuilder()
            .setSelfLink(LINK + clusterPath + "/nodePools/" + wanted.getName())
            .setStatus(NodePool.Status.PROVISIONING);
    if (b.getLocationsCount() == 0) {
      b.addAllLocations(clusterZones);
    }
    if (b.getConfig().getMachineType().isEmpty()) {
      b.getConfigBuilder().setMachineType("e2-medium");
    }
    if (b.getConfig().getImageType().isEmpty()) {
      b.getConfigBuilder().setImageType("COS_CONTAINERD");
    }
    return b.build();
  }

  /** Nodes per zone a new pool starts with: the autoscaler keeps it within its bounds. */
  static int initialSize(NodePool p) {
    int n = p.getInitialNodeCount();
    var a = p.getAutoscaling();
    if (a.getEnabled() && a.getTotalMaxNodeCount() == 0) {
      n = Math.max(a.getMinNodeCount(), Math.min(n, a.getMaxNodeCount()));
    }
    return n;
  }

  /** A region (us-central1) has three zones; a zone (us-central1-a) is its own. */
  static List<String> zonesOf(String location) {
    if (location.matches("[a-z]+-[a-z]+\\d+")) {
      return List.of(location + "-a", location + "-b", location + "-c");
    }
    return List.of(location);
  }

  static String resolveVersion(String asked, String channel) {
    if (asked == null || asked.isEmpty() || asked.equals("latest") || asked.equals("-")) {
      return CHANNEL_DEFAULTS.getOrDefault(channel, CHANNEL_DEFAULTS.get("REGULAR"));
    }
    if (asked.matches("1\\.\\d+")) {
      return asked + ".5-gke.1000";
    }
    if (asked.matches("1\\.\\d+\\.\\d+")) {
      return asked + "-gke.1000";
    }
    if (asked.matches("1\\.\\d+\\.\\d+-gke\\.\\d+")) {
      return asked;
    }
    throw invalid("Master version \"" + asked + "\" is unsupported");
  }

  /** The minor of a resolved version (32 for 1.32.4-gke.1200). */
  static int minor(String version) {
    return Integer.parseInt(version.split("\\.")[1]);
  }

  /** Whether resolved version {@code a} is newer than {@code b}, by minor, patch and build. */
  static boolean newer(String a, String b) {
    String[] x = a.split("[.-]");
    String[] y = b.split("[.-]");
    for (int i : new int[] {1, 2, 4}) {
      int cmp = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (cmp != 0) {
        return cmp > 0;
      }
    }
    return false;
  }

  static boolean inLocation(String path, String parent) {
    if (parent.endsWith("/locations/-")) {
      return path.startsWith(parent.substring(0, parent.length() - 1));
    }
    return path.startsWith(parent + "/");
  }

  static String fingerprint(Map<String, String> labels) {
    return Integer.toHexString(new TreeMap<>(labels).hashCode());
  }

  static String placeholderCa(String cluster) {
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getEncoder()
                .encodeToString(
                    ("strato fake GKE CA for " + cluster).getBytes(StandardCharsets.UTF_8))
            + "\n-----END CERTIFICATE-----\n";
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }

  static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }
}
