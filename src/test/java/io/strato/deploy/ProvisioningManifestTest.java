package io.strato.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * providers/provisioning as {@code kubectl kustomize} renders it (as .ci/run does): two replicas on
 * a PostgreSQL reached through a Secret, probes on the management port, and the CCM's pod security.
 */
class ProvisioningManifestTest {

  private static final String NAMESPACE = "strato-system";

  private static KustomizeRender render;
  private static KustomizeRender ccm;

  @BeforeAll
  static void renderBoth() throws Exception {
    render = KustomizeRender.of("providers/provisioning");
    ccm = KustomizeRender.of("providers/aws");
  }

  private static PodSpec pod() {
    return render.deployment().getSpec().getTemplate().getSpec();
  }

  private static Container strato() {
    return pod().getContainers().get(0);
  }

  private static Map<String, String> podLabels() {
    return render.deployment().getSpec().getTemplate().getMetadata().getLabels();
  }

  @Test
  void everyPartIsRenderedInTheNamespaceWithTheSharedImage() throws Exception {
    assertThat(render.objects().stream().map(HasMetadata::getKind))
        .containsExactlyInAnyOrder(
            "Namespace",
            "ServiceAccount",
            "ConfigMap",
            "Deployment",
            "Service",
            "PodDisruptionBudget",
            "NetworkPolicy");
    assertThat(render.one(Namespace.class).getMetadata().getName()).isEqualTo(NAMESPACE);
    assertThat(render.objects().stream().filter(o -> !(o instanceof Namespace)))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
    String image = ImageDefinitionTest.IMAGE_NAME + ":" + ImageDefinitionTest.pomVersion();
    assertThat(Stream.concat(pod().getInitContainers().stream(), pod().getContainers().stream()))
        .allSatisfy(c -> assertThat(c.getImage()).isEqualTo(image));
    assertThat(ccm.deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(image);
  }

  @Test
  void twoReplicasShareAPostgresqlWhoseConnectionComesFromASecret() {
    assertThat(render.deployment().getSpec().getReplicas()).isEqualTo(2);
    Map<String, EnvVar> env =
        strato().getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    for (String name : List.of("STRATO_STORE_URL", "STRATO_STORE_USER", "STRATO_STORE_PASSWORD")) {
      assertThat(env.get(name).getValue()).as(name).isNull();
      assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName())
          .as(name)
          .isEqualTo("strato-database");
    }
    assertThat(env.get("STRATO_CCM_ENABLED").getValue()).isEqualTo("false");
    // Replicas derive the same join secrets only from the same key, copied owner-only.
    assertThat(env.get("STRATO_CLUSTERS_BOOTSTRAP_KEY_FILE").getValue())
        .isEqualTo("/var/lib/strato/bootstrap.key");
    assertThat(pod().getVolumes().stream().filter(v -> v.getSecret() != null))
        .singleElement()
        .satisfies(
            v -> assertThat(v.getSecret().getSecretName()).isEqualTo("strato-bootstrap-key"));
    assertThat(render.one(ConfigMap.class).getData())
        .containsKeys("aws-region", "auth-issuer", "auth-audience", "auth-jwks-url");
  }

  @Test
  void probesAndMetricsUseTheManagementPort() {
    Container c = strato();
    assertThat(c.getPorts())
        .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("api", 8080),
            org.assertj.core.groups.Tuple.tuple("management", 9000));
    for (Probe probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
      assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(render.deployment().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/port", "9000");
  }

  @Test
  void thePodsAreSecuredAsTheCcmsAre() {
    PodSpec ccmPod = ccm.deployment().getSpec().getTemplate().getSpec();
    assertThat(pod().getSecurityContext()).isEqualTo(ccmPod.getSecurityContext());
    assertThat(Stream.concat(pod().getInitContainers().stream(), pod().getContainers().stream()))
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.getSecurityContext())
                  .isEqualTo(ccmPod.getContainers().get(0).getSecurityContext());
              assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
              assertThat(c.getResources().getLimits()).containsKey("memory");
            });
    assertThat(pod().getAutomountServiceAccountToken()).isFalse();
    assertThat(render.one(ServiceAccount.class).getMetadata().getName())
        .isEqualTo(pod().getServiceAccountName());
    assertThat(render.one(Namespace.class).getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
  }

  @Test
  void theServiceTheBudgetAndThePolicySelectThesePods() {
    Service service = render.one(Service.class);
    assertThat(podLabels()).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("api"));

    PodDisruptionBudget pdb = render.one(PodDisruptionBudget.class);
    assertThat(podLabels()).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getSpec().getMinAvailable().getIntVal())
        .isPositive()
        .isLessThan(render.deployment().getSpec().getReplicas());

    NetworkPolicy policy = render.one(NetworkPolicy.class);
    assertThat(podLabels())
        .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    List<String> ingressPorts =
        policy.getSpec().getIngress().stream()
            .flatMap(r -> r.getPorts().stream())
            .map(NetworkPolicyPort::getPort)
            .map(p -> p.getStrVal())
            .toList();
    assertThat(ingressPorts).containsExactlyInAnyOrder("api", "management");
    List<Integer> egressPorts =
        policy.getSpec().getEgress().stream()
            .flatMap(r -> r.getPorts().stream())
            .map(p -> p.getPort().getIntVal())
            .toList();
    assertThat(egressPorts).contains(53, 5432, 443).doesNotContain(80);
  }
}
