package io.strato.provisioning.cluster.gke;

import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.GkeDto;
import io.strato.cloud.cluster.GkeVersions;
import io.strato.provisioning.validation.CommonRules;
import io.strato.provisioning.validation.Validation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the GKE parts of a cluster spec ({@code provider gcp}, {@code type gke}) before anything
 * reaches GKE: the gke block, versions, the private control plane, and every node group as a node
 * pool, refusing the fields that only AWS node groups have. Every problem is reported, with its
 * field path.
 */
public final class GkeValidator {

  static final Set<String> CHANNELS = Set.of("RAPID", "REGULAR", "STABLE", "EXTENDED");
  static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  static final String PROJECT = "[a-z][a-z0-9-]{4,28}[a-z0-9]";
  static final String REGION = "[a-z]+-[a-z]+\\d{1,2}";
  static final String ZONE = REGION + "-[a-z]";
  static final String GCE_NAME = "[a-z]([-a-z0-9]{0,61}[a-z0-9])?";
  static final String MACHINE_TYPE = "[a-z][a-z0-9]*-[a-z0-9-]+";
  static final String LABEL_KEY = "[a-z][a-z0-9_-]{0,62}";
  static final String LABEL_VALUE = "[a-z0-9_-]{0,63}";
  static final String POOL_NAME = "[a-z]([-a-z0-9]{0,38}[a-z0-9])?";

  private GkeValidator() {}

  public static void validate(Validation v, ClusterSpecDto spec) {
    v.check(spec.network() == null, "spec.network", "applies to aws clusters only");
    v.check(spec.eks() == null, "spec.eks", "applies to type eks only");
    v.check(spec.selfManaged() == null, "spec.selfManaged", "applies to type self-managed only");
    v.check(spec.ecs() == null, "spec.ecs", "applies to type ecs only");
    if (spec.version() != null) {
      v.check(
          GkeVersions.valid(spec.version()),
          "spec.version",
          "must be a GKE version such as 1.31.6-gke.1020000 or one of GKE's aliases: 1.31, 1.31.6,"
              + " latest or -");
    }
    gcpLabels(v, spec.tags(), "spec.tags");
    GkeDto gke = spec.gke();
    boolean channel = false;
    if (v.require(gke, "spec.gke")) {
      channel = gke(v, gke, spec.version());
    }
    nodePools(v, spec.nodeGroups(), channel);
  }

  /** Answers whether a release channel manages the versions. */
  private static boolean gke(Validation v, GkeDto gke, String version) {
    if (gke.project() != null) {
      v.check(
          gke.project().matches(PROJECT),
          "spec.gke.project",
          "must be a GCP project ID: 6 to 30 lowercase letters, digits or '-', starting with a"
              + " letter");
    }
    if (gke.location() != null) {
      v.check(
          gke.location().matches(REGION) || gke.location().matches(ZONE),
          "spec.gke.location",
          "must be a region such as europe-west1 or a zone such as europe-west1-b");
    }
    boolean channel = gke.releaseChannel() != null;
    if (channel) {
      v.check(
          CHANNELS.contains(gke.releaseChannel()),
          "spec.gke.releaseChannel",
          "must be RAPID, REGULAR, STABLE or EXTENDED (billed extended support)");
      v.check(
          version == null,
          "spec.version",
          "conflicts with spec.gke.releaseChannel: a channel chooses the version; give one of"
              + " the two");
    }
    if (gke.network() != null) {
      v.check(gke.network().matches(GCE_NAME), "spec.gke.network", "must be a VPC network name");
    }
    if (gke.subnetwork() != null) {
      v.check(
          gke.subnetwork().matches(GCE_NAME), "spec.gke.subnetwork", "must be a subnetwork name");
    }
    var priv = gke.privateCluster();
    if (priv != null) {
      boolean privateNodes = Boolean.TRUE.equals(priv.privateNodes());
      v.check(
          !Boolean.TRUE.equals(priv.privateEndpoint()) || privateNodes,
          "spec.gke.privateCluster.privateEndpoint",
          "requires privateNodes: a private endpoint is only reachable from private nodes' VPC");
      if (Boolean.TRUE.equals(priv.privateEndpoint())) {
        // GKE: with the public endpoint off, master authorized networks must be enabled, and
        // with none listed nothing outside the nodes' VPC could reach the control plane.
        v.check(
            gke.masterAuthorizedNetworks() != null && !gke.masterAuthorizedNetworks().isEmpty(),
            "spec.gke.masterAuthorizedNetworks",
            "required with privateCluster.privateEndpoint: list the CIDRs that may reach the"
                + " private control plane");
      }
      if (privateNodes && v.require(priv.masterCidr(), "spec.gke.privateCluster.masterCidr")) {
        CommonRules.ipv4Cidr(v, priv.masterCidr(), "spec.gke.privateCluster.masterCidr");
        v.check(
            priv.masterCidr().endsWith("/28"),
            "spec.gke.privateCluster.masterCidr",
            "must be a /28, such as 172.16.0.0/28 (GKE's size for the control plane's range)");
      } else if (!privateNodes) {
        v.check(
            priv.masterCidr() == null,
            "spec.gke.privateCluster.masterCidr",
            "applies only with privateNodes");
      }
    }
    List<String> cidrs = gke.masterAuthorizedNetworks();
    if (cidrs != null) {
      v.check(cidrs.size() <= 50, "spec.gke.masterAuthorizedNetworks", "at most 50 CIDRs");
      for (int i = 0; i < cidrs.size(); i++) {
        CommonRules.ipv4Cidr(v, cidrs.get(i), "spec.gke.masterAuthorizedNetworks[" + i + "]");
      }
    }
    if (gke.maintenanceWindowStart() != null) {
      v.check(
          gke.maintenanceWindowStart().matches("([01]\\d|2[0-3]):[0-5]\\d"),
          "spec.gke.maintenanceWindowStart",
          "must be HH:MM in UTC, such as 03:00");
    }
    return channel;
  }

  private static void nodePools(Validation v, List<ClusterNodeGroupDto> groups, boolean channel) {
    if (!v.check(
        groups != null && !groups.isEmpty(),
        "spec.nodeGroups",
        "a GKE Standard cluster needs at least one node pool")) {
      return;
    }
    for (int i = 0; i < groups.size(); i++) {
      ClusterNodeGroupDto ng = groups.get(i);
      if (ng != null) {
        nodePool(v, ng, "spec.nodeGroups[" + i + "]", channel);
      }
    }
  }

  private static void nodePool(Validation v, ClusterNodeGroupDto ng, String f, boolean channel) {
    if (ng.name() != null) {
      v.check(
          ng.name().matches(POOL_NAME),
          f + ".name",
          "must start with a letter (a GKE node pool name)");
    }
    awsOnly(v, ng, f);
    if (v.require(ng.instanceType(), f + ".instanceType")) {
      v.check(
          ng.instanceType().matches(MACHINE_TYPE),
          f + ".instanceType",
          "must be a GCE machine type such as e2-standard-4");
    }
    boolean min =
        v.require(ng.minSize(), f + ".minSize") && v.range(ng.minSize(), 0, 1000, f + ".minSize");
    boolean max =
        v.require(ng.maxSize(), f + ".maxSize") && v.range(ng.maxSize(), 1, 1000, f + ".maxSize");
    if (min
        && max
        && v.check(ng.minSize() <= ng.maxSize(), f + ".maxSize", "must be at least minSize")
        && ng.desiredCapacity() != null) {
      v.check(
          ng.desiredCapacity() >= ng.minSize() && ng.desiredCapacity() <= ng.maxSize(),
          f + ".desiredCapacity",
          "must be between minSize and maxSize");
    }
    if (ng.sizeScope() != null
        && v.check(
            Set.of("per-zone", "total").contains(ng.sizeScope()),
            f + ".sizeScope",
            "must be per-zone or total")
        && ng.sizeScope().equals("total")
        && min
        && max) {
      v.check(
          ng.minSize() < ng.maxSize(),
          f + ".sizeScope",
          "total applies to autoscaled pools (minSize < maxSize); a fixed size counts per zone");
      v.check(
          ng.desiredCapacity() == null,
          f + ".desiredCapacity",
          "with sizeScope total the autoscaler spreads the nodes; leave desiredCapacity out");
    }
    v.range(ng.diskSize(), 10, 65536, f + ".diskSize");
    if (ng.imageType() != null) {
      v.check(
          ng.imageType().matches("[A-Z][A-Z0-9_]{1,40}"),
          f + ".imageType",
          "must be a GKE image type such as COS_CONTAINERD or UBUNTU_CONTAINERD");
    }
    if (channel) {
      v.check(
          !Boolean.FALSE.equals(ng.autoUpgrade()),
          f + ".autoUpgrade",
          "GKE requires auto-upgrade on node pools of a release channel cluster");
    }
    if (ng.locations() != null) {
      for (int j = 0; j < ng.locations().size(); j++) {
        String zone = ng.locations().get(j);
        v.check(
            zone != null && zone.matches(ZONE),
            f + ".locations[" + j + "]",
            "must be a zone such as europe-west1-b");
      }
    }
    CommonRules.labels(v, ng.nodeLabels(), f + ".nodeLabels");
    if (ng.nodeTaints() != null) {
      for (int j = 0; j < ng.nodeTaints().size(); j++) {
        var t = ng.nodeTaints().get(j);
        String tf = f + ".nodeTaints[" + j + "]";
        if (!v.require(t, tf)) {
          continue;
        }
        if (v.require(t.key(), tf + ".key")) {
          Map<String, String> asLabel = new LinkedHashMap<>();
          asLabel.put(t.key(), t.value() == null ? "x" : t.value().isEmpty() ? "x" : t.value());
          CommonRules.labels(v, asLabel, tf);
        }
        if (v.require(t.effect(), tf + ".effect")) {
          v.check(
              EFFECTS.contains(t.effect()),
              tf + ".effect",
              "must be NoSchedule, PreferNoSchedule or NoExecute");
        }
      }
    }
    gcpLabels(v, ng.tags(), f + ".tags");
  }

  private static void awsOnly(Validation v, ClusterNodeGroupDto ng, String f) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("nodeRole", ng.nodeRole());
    fields.put("amiType", ng.amiType());
    fields.put("capacityType", ng.capacityType());
    fields.put("instanceTypes", ng.instanceTypes());
    fields.put("imageId", ng.imageId());
    fields.put("userData", ng.userData());
    fields.put("scaling", ng.scaling());
    fields.put("subnetIds", ng.subnetIds());
    fields.put("securityGroups", ng.securityGroups());
    fields.put("keyName", ng.keyName());
    fields.put("instanceProfile", ng.instanceProfile());
    fields.put("updateConfig", ng.updateConfig());
    fields.forEach(
        (name, value) ->
            v.check(value == null, f + "." + name, "applies to aws node groups only, not gke"));
  }

  /**
   * GCP labels: keys start with a lowercase letter; keys and values are at most 63 lowercase
   * letters, digits, '_' or '-'. Keys starting with strato- are Strato's ownership labels.
   */
  static void gcpLabels(Validation v, Map<String, String> labels, String field) {
    if (labels == null) {
      return;
    }
    v.check(labels.size() <= 50, field, "at most 50 labels (GCP allows 64, Strato uses 4)");
    labels.forEach(
        (key, value) -> {
          String f = field + "." + key;
          v.check(
              key != null && key.matches(LABEL_KEY),
              f,
              "GCP label keys must be at most 63 lowercase letters, digits, '_' or '-', starting"
                  + " with a letter");
          v.check(
              key == null || !key.startsWith("strato-"),
              f,
              "label keys starting with strato- are reserved for Strato's ownership labels");
          v.check(
              value != null && value.matches(LABEL_VALUE),
              f,
              "GCP label values must be at most 63 lowercase letters, digits, '_' or '-'");
        });
  }
}
