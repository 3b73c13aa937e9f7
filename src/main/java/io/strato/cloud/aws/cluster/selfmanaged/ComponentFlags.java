package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.cluster.KubernetesVersions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The flags kubeadm hands each Kubernetes component of a self-managed cluster, and the kubeadm
 * configuration API that carries them, per minor version. The one place that knows which flag a
 * version dropped: a component started with a flag it no longer has exits ({@code Error: unknown
 * flag}), so a cluster of that version never forms.
 *
 * <p>What Strato wants of every component is the same on every version (the cloud half runs
 * outside, in Strato's cloud controller manager); what changes is which component still takes the
 * flag.
 */
final class ComponentFlags {

  enum Component {
    KUBE_APISERVER,
    KUBE_CONTROLLER_MANAGER,
    KUBELET
  }

  /** A flag {@code component} no longer has from minor version {@code removedIn} on. */
  record Removal(Component component, String flag, int removedIn, String reference) {}

  /**
   * Removals that touch what Strato renders. kube-controller-manager keeps {@code --cloud-provider}
   * (external turns its cloud loops off) and kubelet keeps it through 1.35 ({@code external} makes
   * it taint a new node uninitialised until the cloud controller manager has set it up).
   */
  static final List<Removal> REMOVALS =
      List.of(
          new Removal(Component.KUBE_APISERVER, "cloud-provider", 33, "kubernetes#130162"),
          new Removal(Component.KUBE_APISERVER, "cloud-config", 33, "kubernetes#130162"));

  /**
   * kubeadm serves {@code v1beta4} from 1.31 (kubernetes#125029) and deprecated {@code v1beta3}
   * then, promising it only "until 1.34 or later": a version that has the newer API gets it.
   */
  static final int V1BETA4_FROM = 31;

  private static final Map<Component, Map<String, String>> WANTED =
      Map.of(
          Component.KUBE_APISERVER, Map.of("cloud-provider", "external"),
          Component.KUBE_CONTROLLER_MANAGER, Map.of("cloud-provider", "external"),
          Component.KUBELET, Map.of("cloud-provider", "external"));

  private ComponentFlags() {}

  /** Whether {@code component} of this minor version still has {@code flag}. */
  static boolean has(Component component, String flag, int minor) {
    return REMOVALS.stream()
        .noneMatch(
            r -> r.component() == component && r.flag().equals(flag) && minor >= r.removedIn());
  }

  static String kubeadmApiVersion(String version) {
    return minor(version) >= V1BETA4_FROM ? "kubeadm.k8s.io/v1beta4" : "kubeadm.k8s.io/v1beta3";
  }

  /** What Strato passes {@code component} on this version, sorted by flag. */
  static Map<String, String> flags(Component component, String version) {
    return flags(component, version, Map.of());
  }

  /** The same plus {@code extra} (the kubelet's node labels), empty values left out. */
  static Map<String, String> flags(Component component, String version, Map<String, String> extra) {
    int minor = minor(version);
    Map<String, String> out = new TreeMap<>();
    WANTED.get(component).forEach((k, v) -> out.put(k, v));
    extra.forEach(
        (k, v) -> {
          if (v != null && !v.isEmpty()) {
            out.put(k, v);
          }
        });
    out.keySet().removeIf(flag -> !has(component, flag, minor));
    return out;
  }

  /**
   * {@code flags} as the kubeadm API of this version writes {@code extraArgs}: a map up to {@code
   * v1beta3}, a list of name/value pairs from {@code v1beta4} on. YAML flow style with every string
   * quoted, so it fits on the template's line whatever the values hold.
   */
  static String extraArgs(Map<String, String> flags, String version) {
    boolean list = minor(version) >= V1BETA4_FROM;
    return flags.entrySet().stream()
        .map(
            e ->
                list
                    ? "{name: " + quote(e.getKey()) + ", value: " + quote(e.getValue()) + "}"
                    : quote(e.getKey()) + ": " + quote(e.getValue()))
        .collect(Collectors.joining(", ", list ? "[" : "{", list ? "]" : "}"));
  }

  /** The minor number of {@code 1.x} or {@code 1.x.y}, with or without a leading {@code v}. */
  static int minor(String version) {
    String v = version.startsWith("v") ? version.substring(1) : version;
    String[] parts = v.split("\\.");
    return KubernetesVersions.minor(parts[0] + "." + parts[1]);
  }

  /** A YAML double-quoted scalar (JSON's escaping is a subset YAML reads). */
  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
