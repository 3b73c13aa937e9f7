package io.strato.provisioning.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.strato.config.StrictJson;
import io.strato.controller.KubernetesEvents;
import io.strato.provisioning.Kinds;
import io.strato.provisioning.api.ResourceService;
import io.strato.provisioning.store.JdbcResourceStore;
import io.strato.provisioning.store.ResourceKey;
import io.strato.provisioning.store.StoreDataSource;
import io.strato.provisioning.store.StoreSettings;
import io.strato.provisioning.validation.PassableIdentities;
import io.strato.reconcile.Result;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only the provisioning leader writes: the same reconcile, asked on a standby, leaves the custom
 * resource, the store and the event list as they were, and asks to look again; once the replica
 * leads, the same call stores the spec and writes finalizer, status and an event. Driven by direct
 * calls on a synced cache, so nothing here depends on timing.
 */
@EnableKubernetesMockClient(crud = true)
class StandbyWritesNothingTest {

  static KubernetesClient client;

  @TempDir Path dataDir;

  @Test
  void aStandbyWritesNothingAndTheLeaderWritesEverything() {
    ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    new StrictJson().customize(json);
    CustomKind kind = CustomKind.LOAD_BALANCER;
    GenericKubernetesResource cr = new GenericKubernetesResource();
    cr.setApiVersion(CustomKind.API_VERSION);
    cr.setKind(kind.kind());
    cr.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("team-s").build());
    cr.setAdditionalProperty(
        "spec", Map.of("listeners", List.of(Map.of("port", 80, "targetPort", 30080))));
    client.genericKubernetesResources(kind.context()).inNamespace("team-s").resource(cr).create();

    try (StoreDataSource db = StoreDataSource.open(StoreSettings.h2File(dataDir));
        SharedIndexInformer<GenericKubernetesResource> informer =
            client.genericKubernetesResources(kind.context()).inAnyNamespace().inform()) {
      JdbcResourceStore store = new JdbcResourceStore(db.dataSource(), Clock.systemUTC());
      List<ResourceKey> queued = new ArrayList<>();
      ResourceService<?, ?> service =
          new ResourceService<>(
              Kinds.LOAD_BALANCER,
              store,
              json,
              queued::add,
              PassableIdentities.byPrefix("strato-"));
      @SuppressWarnings({"unchecked", "rawtypes"})
      KindBridge<?, ?> bridge = new KindBridge(kind, service, json, Kinds.LOAD_BALANCER.specType());
      AtomicBoolean leading = new AtomicBoolean(false);
      CustomResourceReconciler reconciler =
          new CustomResourceReconciler(
              Map.of(kind.kind(), bridge),
              new CustomResources(
                  client,
                  Map.of(kind.kind(), informer.getStore()),
                  Map.of(kind.kind(), kind),
                  json),
              new CustomResourceStatus(json),
              new KubernetesEvents(client, Clock.systemUTC(), CustomResourceWatch.COMPONENT),
              leading::get,
              Duration.ofSeconds(5),
              Clock.systemUTC());
      await().until(() -> informer.getStore().getByKey("team-s/web") != null);
      CustomResourceKey key = new CustomResourceKey(kind.kind(), "team-s", "web");

      Result standby = reconciler.reconcile(key);
      assertThat(standby.requeue()).as("a standby looks again later").isPresent();
      GenericKubernetesResource untouched = fetch(kind);
      assertThat(untouched.getMetadata().getFinalizers()).isEmpty();
      assertThat(untouched.getAdditionalProperties()).doesNotContainKey("status");
      assertThat(store.keys()).isEmpty();
      assertThat(queued).isEmpty();
      assertThat(client.v1().events().inNamespace("team-s").list().getItems()).isEmpty();

      leading.set(true);
      reconciler.reconcile(key);
      GenericKubernetesResource written = fetch(kind);
      assertThat(written.getMetadata().getFinalizers()).containsExactly(CustomKind.FINALIZER);
      assertThat(
              json.valueToTree(written.getAdditionalProperties().get("status"))
                  .path("phase")
                  .asText())
          .isEqualTo("Pending");
      assertThat(store.keys()).containsExactly(new ResourceKey("LoadBalancer", "team-s-web"));
      assertThat(queued).containsExactly(new ResourceKey("LoadBalancer", "team-s-web"));
      assertThat(client.v1().events().inNamespace("team-s").list().getItems())
          .extracting(e -> e.getReason())
          .containsExactly("Accepted");
    }
  }

  private static GenericKubernetesResource fetch(CustomKind kind) {
    return client
        .genericKubernetesResources(kind.context())
        .inNamespace("team-s")
        .withName("web")
        .get();
  }
}
