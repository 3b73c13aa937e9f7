package io.strato.cloud.aws.cluster.selfmanaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.Ownership;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.NetworkDto;
import io.strato.cloud.cluster.ClusterSpecDto.SelfManagedDto;
import io.strato.cloud.cluster.ClusterSpecDto.SubnetDto;
import io.strato.cloud.cluster.ClusterSubnet;
import io.strato.cloud.cluster.KubernetesVersions;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The user data of every accepted Kubernetes version, rendered and read back as kubeadm would read
 * it: no component is handed a flag its version no longer has, and the kubeadm API is one that
 * version serves. No cloud.
 */
class ComponentFlagsTest {

  private static final List<SubnetDto> SUBNETS =
      List.of(
          new SubnetDto("subnet-a", "us-east-1a"),
          new SubnetDto("subnet-b", "us-east-1b"),
          new SubnetDto("subnet-c", "us-east-1c"));

  @Test
  void everyAcceptedVersionRendersOnlyFlagsItsComponentsHave() throws Exception {
    for (String version : KubernetesVersions.SUPPORTED) {
      int minor = KubernetesVersions.minor(version);
      BootstrapUserData userData = userData(version);
      Map<String, String> scripts = new LinkedHashMap<>();
      scripts.put("init", userData.controlPlane("us-east-1a", true));
      scripts.put("join", userData.controlPlane("us-east-1b", false));
      scripts.put("worker", userData.worker(workers()));

      for (Map.Entry<String, String> script : scripts.entrySet()) {
        String what = version + " " + script.getKey();
        assertThat(BootstrapSecretsTest.bashSyntaxErrors(script.getValue()))
            .as(what + ": bash -n")
            .isEmpty();
        List<Map<String, Object>> docs = kubeadmDocuments(script.getValue());
        assertThat(docs).as(what).isNotEmpty();
        for (Map<String, Object> doc : docs) {
          assertThat(doc.get("apiVersion"))
              .as(what + ": kubeadm's API")
              .isEqualTo(minor >= 31 ? "kubeadm.k8s.io/v1beta4" : "kubeadm.k8s.io/v1beta3");
          Map<String, String> kubelet = args(nested(doc, "nodeRegistration", "kubeletExtraArgs"));
          if (doc.get("kind").toString().endsWith("Configuration")
              && !doc.get("kind").equals("ClusterConfiguration")) {
            assertThat(kubelet)
                .as(what + ": kubelet waits for the cloud controller manager")
                .containsEntry("cloud-provider", "external");
            assertFlagsExist(what, ComponentFlags.Component.KUBELET, kubelet, minor);
          }
          if (doc.get("kind").equals("ClusterConfiguration")) {
            Map<String, String> apiServer = args(nested(doc, "apiServer", "extraArgs"));
            Map<String, String> kcm = args(nested(doc, "controllerManager", "extraArgs"));
            assertFlagsExist(what, ComponentFlags.Component.KUBE_APISERVER, apiServer, minor);
            assertFlagsExist(what, ComponentFlags.Component.KUBE_CONTROLLER_MANAGER, kcm, minor);
            assertThat(kcm).containsEntry("cloud-provider", "external");
            // kubernetes#130162: kube-apiserver 1.33 exits on --cloud-provider.
            if (minor >= 33) {
              assertThat(apiServer).as(what).doesNotContainKeys("cloud-provider", "cloud-config");
            } else {
              assertThat(apiServer).as(what).containsEntry("cloud-provider", "external");
            }
          }
        }
      }
    }
  }

  @Test
  void theWorkersLabelsReachTheKubeletInEitherApiShape() {
    for (String version : List.of("1.30", "1.35")) {
      String worker = userData(version).worker(workers());
      Map<String, Object> join = kubeadmDocuments(worker).get(0);

      assertThat(args(nested(join, "nodeRegistration", "kubeletExtraArgs")))
          .containsEntry("node-labels", "role=worker,tier=a b");
    }
  }

  private static void assertFlagsExist(
      String what, ComponentFlags.Component component, Map<String, String> flags, int minor) {
    for (String flag : flags.keySet()) {
      assertThat(ComponentFlags.has(component, flag, minor))
          .as(what + ": " + component + " --" + flag)
          .isTrue();
    }
  }

  /** The kubeadm configurations the script writes: every heredoc ending in KUBEADM. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> kubeadmDocuments(String script) {
    List<Map<String, Object>> out = new ArrayList<>();
    Matcher m = Pattern.compile("<<KUBEADM\n(.*?)\nKUBEADM\n", Pattern.DOTALL).matcher(script);
    while (m.find()) {
      // The shell fills $token and $expires; any string stands in for them here.
      String yaml = m.group(1).replace("$token", "abcdef.0123456789abcdef");
      yaml = yaml.replace("$expires", "2030-01-01T00:00:00Z");
      for (Object doc : new Yaml().loadAll(yaml)) {
        out.add((Map<String, Object>) doc);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object nested(Map<String, Object> doc, String... path) {
    Object at = doc;
    for (String key : path) {
      if (!(at instanceof Map)) {
        return null;
      }
      at = ((Map<String, Object>) at).get(key);
    }
    return at;
  }

  /** Both shapes kubeadm takes: a map (v1beta3), a list of name/value pairs (v1beta4). */
  @SuppressWarnings("unchecked")
  private static Map<String, String> args(Object extraArgs) {
    Map<String, String> out = new LinkedHashMap<>();
    if (extraArgs instanceof Map<?, ?> map) {
      map.forEach((k, v) -> out.put(k.toString(), v.toString()));
    } else if (extraArgs instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> pair = (Map<String, Object>) o;
        out.put(pair.get("name").toString(), pair.get("value").toString());
      }
    }
    return out;
  }

  private static BootstrapUserData userData(String version) {
    ClusterSpecDto spec =
        new ClusterSpecDto(
            "aws",
            "self-managed",
            version,
            new NetworkDto("vpc-1", SUBNETS, null),
            null,
            new SelfManagedDto(
                3,
                "ami-1",
                "m5.large",
                "cp-profile",
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null),
            null,
            List.of(workers()),
            Map.of());
    ClusterContext cluster =
        new ClusterContext(
            "prod",
            "uid-1",
            spec,
            new Ownership("uid-1", "Cluster", "prod", "prod"),
            "vpc-1",
            SUBNETS.stream().map(s -> new ClusterSubnet(s.id(), s.zone())).toList(),
            (lb, port) -> Optional.empty());
    return new BootstrapUserData(
        cluster,
        ControlPlaneSettings.of(cluster),
        new BootstrapSecrets.Handles(
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:pki",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:token",
            "sha256:00"),
        "api.example.com",
        "us-east-1");
  }

  static ClusterNodeGroupDto workers() {
    return new ClusterNodeGroupDto(
        "workers",
        "ami-1",
        "m5.large",
        null,
        null,
        null,
        null,
        null,
        "node-profile",
        null,
        List.of(),
        null,
        null,
        1,
        5,
        2,
        null,
        Map.of("role", "worker", "tier", "a b"),
        List.of(new TaintDto("dedicated", "batch", "NoSchedule")),
        null,
        null);
  }
}
