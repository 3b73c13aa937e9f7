package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.cluster.BootstrapTemplates;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.PodNetwork;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders the user data of each instance role (first control-plane member, joining members,
 * workers) from the built-in templates or the user's. A pure function of the spec, the secrets'
 * handles and the API load balancer's DNS name, so the same inputs give byte-identical user data
 * and therefore no new launch template version.
 *
 * <p>No secret is rendered: the user data names the secrets' ARNs and the CA's public-key hash,
 * which every join pins ({@code caCertHashes}), so a node talks only to the API server holding the
 * cluster CA that Strato generated. Only control-plane members are given the ARN of the secret with
 * the CA keys.
 */
final class BootstrapUserData {

  static final int API_PORT = 6443;

  /** The termination lifecycle hook Strato puts on every group; the nodes complete it. */
  static final String TERMINATION_HOOK = NodeGroupSpec.Replacement.TERMINATION_HOOK;

  private final ClusterContext cluster;
  private final ControlPlaneSettings settings;
  private final BootstrapSecrets.Handles secrets;
  private final String apiHost;
  private final String region;

  /**
   * @param region the cluster's region, which its CCM is configured with
   */
  BootstrapUserData(
      ClusterContext cluster,
      ControlPlaneSettings settings,
      BootstrapSecrets.Handles secrets,
      String apiHost,
      String region) {
    this.cluster = cluster;
    this.settings = settings;
    this.secrets = secrets;
    this.apiHost = apiHost;
    this.region = region;
  }

  /**
   * @param initialises whether this zone's group runs {@code kubeadm init}
   */
  String controlPlane(String zone, boolean initialises) {
    return controlPlane(zone, initialises, ControlPlaneLayout.name(cluster, zone));
  }

  /**
   * @param group the member's Auto Scaling group, which its termination hook names
   */
  String controlPlane(String zone, boolean initialises, String group) {
    String template = settings.spec().controlPlaneTemplate();
    if (template == null) {
      template =
          initialises
              ? BootstrapTemplates.controlPlaneInit()
              : BootstrapTemplates.controlPlaneJoin();
    }
    Map<String, String> values = common(zone);
    values.put("autoScalingGroup", group);
    values.put("controlPlaneRole", initialises ? "init" : "join");
    values.put("pkiSecretArn", secrets.pkiArn());
    values.put("nodeLabels", "");
    values.put("nodeTaints", "[]");
    values.put("kubeletArgs", kubeletArgs(""));
    values.put("clusterAddons", initialises ? clusterAddons() : "");
    etcdBackup(values, initialises);
    return BootstrapTemplates.render(template, values);
  }

  /**
   * What the first member applies once the API answers: Strato's CCM and the pod network. Only the
   * initialising group's script carries it, which keeps the other scripts small.
   */
  private String clusterAddons() {
    String podNetwork =
        switch (settings.cni()) {
          case FLANNEL ->
              BootstrapTemplates.fragment(
                  "pod-network-flannel",
                  Map.of(
                      "manifestUrl", PodNetwork.FLANNEL.manifestUrl(),
                      "sha256", PodNetwork.FLANNEL.sha256(),
                      "defaultNetwork", PodNetwork.FLANNEL_DEFAULT_NETWORK,
                      "podCidr", settings.podCidr()));
          case NONE ->
              "# selfManaged.cni: none. Install a pod network: nodes stay NotReady until then.";
        };
    String manifests = CcmManifests.render(cluster.name(), region, settings.podCidr());
    return BootstrapTemplates.fragment(
        "cluster-addons",
        Map.of("ccmManifests", CcmManifests.gzipBase64(manifests), "podNetwork", podNetwork));
  }

  /** The package installation of {@code bootstrap: install}; nothing for preinstalled images. */
  private String nodePackages() {
    return switch (settings.bootstrap()) {
      case INSTALL ->
          BootstrapTemplates.fragment(
              "node-packages", Map.of("kubernetesVersion", settings.version()));
      case PREINSTALLED -> "# selfManaged.bootstrap: preinstalled (kubeadm, kubelet, containerd).";
    };
  }

  /**
   * The etcd backup timer every member installs, and on the initialising member the restore of
   * {@code selfManaged.restoreFrom}: rendered fragments of their own, so the main templates only
   * name them.
   */
  private void etcdBackup(Map<String, String> values, boolean initialises) {
    EtcdBackupSettings backup = EtcdBackupSettings.of(settings.spec());
    values.put("backupBucket", EtcdBackupSettings.bucketName(cluster));
    values.put("backupPrefix", EtcdBackupSettings.PREFIX);
    values.put("backupInterval", backup.schedule());
    values.put("backupIntervalSeconds", Long.toString(backup.interval().toSeconds()));
    values.put("restoreFrom", backup.restoreFrom() == null ? "" : backup.restoreFrom());
    values.put("etcdBackup", BootstrapTemplates.fragment("etcd-backup", values));
    values.put(
        "etcdRestore",
        initialises && backup.restoreFrom() != null
            ? BootstrapTemplates.fragment("etcd-restore", values)
            : "  # no etcd snapshot to restore (selfManaged.restoreFrom is not set)");
  }

  String worker(ClusterNodeGroupDto group) {
    String template = settings.spec().workerTemplate();
    if (template == null) {
      template = BootstrapTemplates.worker();
    }
    Map<String, String> values = common("");
    values.put("autoScalingGroup", ClusterNodeGroups.cloudName(cluster, group.name()));
    values.put("controlPlaneRole", "");
    values.put("nodeLabels", labels(group.nodeLabels()));
    values.put("nodeTaints", taints(group.nodeTaints()));
    values.put("kubeletArgs", kubeletArgs(values.get("nodeLabels")));
    // Workers hold no etcd: a worker template naming these gets nothing.
    List.of("etcdBackup", "etcdRestore", "backupBucket", "backupPrefix", "backupInterval")
        .forEach(v -> values.put(v, ""));
    values.put("backupIntervalSeconds", "");
    values.put("restoreFrom", "");
    return BootstrapTemplates.render(template, values);
  }

  private Map<String, String> common(String zone) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("clusterName", cluster.name());
    values.put("kubernetesVersion", settings.version());
    values.put("kubeadmVersion", settings.kubeadmVersion());
    values.put("apiHost", apiHost);
    values.put("apiEndpoint", apiHost + ":" + API_PORT);
    values.put("podCidr", settings.podCidr());
    values.put("serviceCidr", settings.serviceCidr());
    values.put("caCertHash", secrets.caCertHash());
    values.put("tokenSecretArn", secrets.tokenArn());
    values.put("zone", zone);
    values.put("drainHook", TERMINATION_HOOK);
    values.put("nodePackages", nodePackages());
    values.put("clusterAddons", "");
    // Which flags each component takes, and how kubeadm's API writes them, depend on the version.
    String version = settings.version();
    values.put("kubeadmApiVersion", ComponentFlags.kubeadmApiVersion(version));
    values.put(
        "apiServerArgs",
        ComponentFlags.extraArgs(
            ComponentFlags.flags(ComponentFlags.Component.KUBE_APISERVER, version), version));
    values.put(
        "controllerManagerArgs",
        ComponentFlags.extraArgs(
            ComponentFlags.flags(ComponentFlags.Component.KUBE_CONTROLLER_MANAGER, version),
            version));
    return values;
  }

  private String kubeletArgs(String nodeLabels) {
    String version = settings.version();
    return ComponentFlags.extraArgs(
        ComponentFlags.flags(
            ComponentFlags.Component.KUBELET, version, Map.of("node-labels", nodeLabels)),
        version);
  }

  /** kubelet's {@code --node-labels} form, sorted so the output is stable. */
  static String labels(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return "";
    }
    return new TreeMap<>(labels)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }

  /** A YAML flow list for kubeadm's {@code nodeRegistration.taints}; {@code []} for none. */
  static String taints(List<TaintDto> taints) {
    if (taints == null || taints.isEmpty()) {
      return "[]";
    }
    return taints.stream()
        .map(
            t ->
                "{key: \""
                    + t.key()
                    + "\", value: \""
                    + (t.value() == null ? "" : t.value())
                    + "\", effect: \""
                    + t.effect()
                    + "\"}")
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
