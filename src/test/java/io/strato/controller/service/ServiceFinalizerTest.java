package io.strato.controller.service;

import static io.strato.controller.service.Manifests.port;
import static io.strato.controller.service.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.strato.testsupport.MockApi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The finalizer patch made from a cached copy: applied only to the version it was made from. */
@EnableKubernetesMockClient(crud = true)
class ServiceFinalizerTest {

  static KubernetesClient client;

  private ServiceFinalizer finalizer;

  @BeforeEach
  void clean() {
    MockApi.removeServicesAndNodes(client);
    finalizer = new ServiceFinalizer(client);
  }

  @Test
  void addsTheFinalizerToTheVersionItWasMadeFrom() {
    Service created = client.resource(service("ns", "web", port("http", 80, 30080))).create();

    Service patched = finalizer.addIfCurrent(created);

    assertThat(patched).isNotNull();
    assertThat(patched.getMetadata().getFinalizers()).containsExactly(ServiceFinalizer.NAME);
    assertThat(live("web").getMetadata().getFinalizers()).containsExactly(ServiceFinalizer.NAME);
    assertThat(patched.getMetadata().getResourceVersion())
        .isNotEqualTo(created.getMetadata().getResourceVersion());
  }

  @Test
  void keepsAnotherControllersFinalizer() {
    Service created =
        client
            .resource(
                new ServiceBuilder(service("ns", "web", port("http", 80, 30080)))
                    .editMetadata()
                    .withFinalizers("example.com/keep")
                    .endMetadata()
                    .build())
            .create();

    finalizer.addIfCurrent(created);

    assertThat(live("web").getMetadata().getFinalizers())
        .containsExactly("example.com/keep", ServiceFinalizer.NAME);
  }

  @Test
  void aStaleCopyChangesNothingAndAsksForAFreshRead() {
    Service stale = client.resource(service("ns", "web", port("http", 80, 30080))).create();
    // Another writer adds its finalizer after the cache saw the Service.
    client
        .services()
        .inNamespace("ns")
        .withName("web")
        .edit(
            s ->
                new ServiceBuilder(s)
                    .editMetadata()
                    .withFinalizers("example.com/other")
                    .withLabels(Map.of("edited", "yes"))
                    .endMetadata()
                    .build());

    assertThat(finalizer.addIfCurrent(stale)).isNull();

    Service live = live("web");
    assertThat(live.getMetadata().getFinalizers()).containsExactly("example.com/other");
    assertThat(live.getMetadata().getLabels()).containsEntry("edited", "yes");
    // The fresh read then adds it beside the other writer's.
    finalizer.add(live);
    assertThat(live("web").getMetadata().getFinalizers())
        .isEqualTo(List.of("example.com/other", ServiceFinalizer.NAME));
  }

  @Test
  void aServiceDeletedMeanwhileAsksForAFreshRead() {
    Service stale = client.resource(service("ns", "web", port("http", 80, 30080))).create();
    client.services().inNamespace("ns").withName("web").delete();

    assertThat(finalizer.addIfCurrent(stale)).isNull();
  }

  private static Service live(String name) {
    return client.services().inNamespace("ns").withName(name).get();
  }
}
