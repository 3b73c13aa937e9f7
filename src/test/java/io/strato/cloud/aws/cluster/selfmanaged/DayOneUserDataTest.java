package io.strato.cloud.aws.cluster.selfmanaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.Ownership;
import io.strato.cloud.cluster.BootstrapTemplates;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.NetworkDto;
import io.strato.cloud.cluster.ClusterSpecDto.SelfManagedDto;
import io.strato.cloud.cluster.ClusterSpecDto.SubnetDto;
import io.strato.cloud.cluster.ClusterSubnet;
import io.strato.cloud.cluster.NodeBootstrap;
import io.strato.cloud.cluster.PodNetwork;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Day one of a self-managed cluster, without any cloud: for every pod network and image choice the
 * scripts are valid bash with every variable filled, fit EC2's 16 KiB, and the first member's
 * carries Strato's CCM manifests for this cluster and applies the chosen network.
 */
class DayOneUserDataTest {

  private static final List<SubnetDto> SUBNETS =
      List.of(
          new SubnetDto("subnet-a", "eu-west-1a"),
          new SubnetDto("subnet-b", "eu-west-1b"),
          new SubnetDto("subnet-c", "eu-west-1c"));

  @Test
  void everyChoiceRendersValidBashWithEveryVariableFilledWithinTheLimit() throws Exception {
    for (PodNetwork cni : PodNetwork.values()) {
      for (NodeBootstrap bootstrap : NodeBootstrap.values()) {
        BootstrapUserData userData = userData(cni.value(), bootstrap.value(), "1.33.2");
        Map<String, String> scripts =
            Map.of(
                "init", userData.controlPlane("eu-west-1a", true, "prod-cp-a"),
                "join", userData.controlPlane("eu-west-1b", false, "prod-cp-b"),
                "worker", userData.worker(ComponentFlagsTest.workers()));
        for (Map.Entry<String, String> e : scripts.entrySet()) {
          String as = cni + "/" + bootstrap + "/" + e.getKey();
          String script = e.getValue();
          assertThat(script).as(as).doesNotContain("${").doesNotContain("{{");
          assertThat(BootstrapSecretsTest.bashSyntaxErrors(script)).as(as + ": bash -n").isEmpty();
          int bytes = script.getBytes(StandardCharsets.UTF_8).length;
          System.out.printf("user data %s: %d bytes of %d%n", as, bytes, 16 * 1024);
          assertThat(bytes).as(as).isLessThanOrEqualTo(BootstrapTemplates.MAX_USER_DATA_BYTES);
          assertThat(script.contains("pkgs.k8s.io"))
              .as(as + " installs packages")
              .isEqualTo(bootstrap == NodeBootstrap.INSTALL);
          assertThat(script.contains("kubectl apply"))
              .as(as + " applies the add-ons")
              .isEqualTo(e.getKey().equals("init"));
        }
        String init = scripts.get("init");
        assertThat(init.contains(PodNetwork.FLANNEL.manifestUrl()))
            .as(cni + " fetches flannel")
            .isEqualTo(cni == PodNetwork.FLANNEL);
      }
    }
  }

  @Test
  void theFirstMemberCarriesStratosCcmForThisClusterAndApplyingItAfterInit() throws Exception {
    String init = userData(null, null, "1.33").controlPlane("eu-west-1a", true, "prod-cp-a");

    assertThat(gunzip(embeddedManifests(init)))
        .isEqualTo(CcmManifests.render("prod", "eu-west-1", "10.32.0.0/16"))
        .contains("cluster-id: prod", "region: eu-west-1", "cluster-cidr: 10.32.0.0/16")
        .contains("image: registry.example.com/strato:");
    // After kubeadm's last phase, before the token's files go.
    assertThat(init.indexOf("kubectl apply -f /etc/kubernetes/strato/ccm.yaml"))
        .isGreaterThan(init.indexOf("\"addon all\""))
        .isLessThan(init.indexOf("rm -f /etc/kubernetes/strato/init.yaml"));
  }

  @Test
  void flannelIsCheckedAgainstItsPinnedDigestAndGetsTheClustersPodCidr() {
    String init = userData("flannel", null, "1.33").controlPlane("eu-west-1a", true, "prod-cp-a");

    assertThat(init)
        .contains("curl -fsSL --proto '=https' -o \"$cni\" '" + PodNetwork.FLANNEL.manifestUrl())
        .contains("echo '" + PodNetwork.FLANNEL.sha256() + "  '\"$cni\" | sha256sum -c -")
        .contains("s#\"Network\": \"10.244.0.0/16\"#\"Network\": \"10.32.0.0/16\"#");
    assertThat(init.indexOf("sha256sum -c")).isLessThan(init.indexOf("kubectl apply -f \"$cni\""));
  }

  @Test
  void aStockImageInstallsThePackagesOfTheClustersVersionBeforeKubeadmRuns() {
    String worker = userData(null, "install", "1.33.2").worker(ComponentFlagsTest.workers());

    assertThat(worker).contains("<<<'1.33.2'").contains("https://pkgs.k8s.io/core:/stable:/$minor");
    assertThat(worker.indexOf("apt-get install")).isLessThan(worker.indexOf("kubeadm join"));
  }

  @Test
  void theSameSpecRendersTheSameBytesSoNoNewLaunchTemplateVersion() {
    assertThat(userData(null, "install", "1.33").controlPlane("eu-west-1a", true, "prod-cp-a"))
        .isEqualTo(userData(null, "install", "1.33").controlPlane("eu-west-1a", true, "prod-cp-a"));
  }

  static String embeddedManifests(String script) {
    int start = script.indexOf('\n', script.indexOf("<<'GZ'")) + 1;
    return script.substring(start, script.indexOf("\nGZ\n", start));
  }

  static String gunzip(String base64) throws Exception {
    byte[] gz = Base64.getMimeDecoder().decode(base64);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static BootstrapUserData userData(String cni, String bootstrap, String version) {
    SelfManagedDto sm =
        new SelfManagedDto(
            3,
            "ami-1",
            "m5.large",
            "cp-profile",
            null,
            List.of(),
            null,
            "10.32.0.0/16",
            null,
            null,
            null,
            null,
            cni,
            bootstrap,
            null,
            null);
    ClusterSpecDto spec =
        new ClusterSpecDto(
            "aws",
            "self-managed",
            version,
            new NetworkDto("vpc-1", SUBNETS, null),
            null,
            sm,
            null,
            List.of(ComponentFlagsTest.workers()),
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
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pki",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:token",
            "sha256:00"),
        "api.example.com",
        "eu-west-1");
  }
}
