package io.strato.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * providers/kubernetes-api as {@code kubectl kustomize} renders it (as .ci/run does): the
 * provisioning service with the front door switched on, the three CRDs, and RBAC that lets Strato's
 * service account watch them and write finalizer, status and events, and nothing else.
 */
class KubernetesApiManifestTest {

  private static KustomizeRender render;

  @BeforeAll
  static void render() throws Exception {
    render = KustomizeRender.of("providers/kubernetes-api");
  }

  @Test
  void theThreeCrdsAreNamespacedWithAStatusSubresource() {
    assertThat(render.all(CustomResourceDefinition.class))
        .extracting(crd -> crd.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "clusters.strato.io", "loadbalancers.strato.io", "nodegroups.strato.io");
    assertThat(render.all(CustomResourceDefinition.class))
        .allSatisfy(
            crd -> {
              assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
              assertThat(crd.getSpec().getVersions().get(0).getSubresources().getStatus())
                  .isNotNull();
              assertThat(crd.getMetadata().getNamespace()).as("CRDs are cluster-scoped").isNull();
            });
  }

  @Test
  void theServiceWatchesCustomResourcesWithAToken() {
    var pod = render.deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    assertThat(render.one(ServiceAccount.class).getAutomountServiceAccountToken()).isTrue();
    Map<String, String> env =
        pod.getContainers().get(0).getEnv().stream()
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertThat(env).containsEntry("STRATO_KUBERNETES_API_ENABLED", "true");
  }

  @Test
  void rbacGrantsWatchFinalizerStatusAndEventsOnly() {
    ClusterRole role = render.one(ClusterRole.class);
    List<String> verbs =
        role.getRules().stream()
            .flatMap(
                r ->
                    r.getResources().stream()
                        .flatMap(res -> r.getVerbs().stream().map(v -> res + ":" + v)))
            .toList();
    assertThat(verbs)
        .containsExactlyInAnyOrder(
            "clusters:get",
            "clusters:list",
            "clusters:watch",
            "clusters:patch",
            "loadbalancers:get",
            "loadbalancers:list",
            "loadbalancers:watch",
            "loadbalancers:patch",
            "nodegroups:get",
            "nodegroups:list",
            "nodegroups:watch",
            "nodegroups:patch",
            "clusters/status:get",
            "clusters/status:patch",
            "loadbalancers/status:get",
            "loadbalancers/status:patch",
            "nodegroups/status:get",
            "nodegroups/status:patch",
            "events:create",
            "events:get",
            "events:update");
    assertThat(
            role.getRules().stream()
                .filter(r -> r.getApiGroups().contains("strato.io"))
                .flatMap(r -> r.getVerbs().stream()))
        .as("never creates or deletes a custom resource")
        .doesNotContain("create", "update", "delete", "*");
    ClusterRoleBinding binding = render.one(ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName()).isEqualTo("strato");
              assertThat(s.getNamespace()).isEqualTo("strato-system");
            });
    assertThat(render.objects().stream().map(HasMetadata::getKind))
        .contains("Deployment", "NetworkPolicy", "Namespace");
  }
}
