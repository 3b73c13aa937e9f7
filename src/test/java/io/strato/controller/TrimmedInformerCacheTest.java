package io.strato.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.strato.controller.service.CachedServiceFields;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Service informer's cache as the CCM builds it: a Service that is not load-balanced is kept as
 * its identity, type and class; a load-balanced one whole; neither with managed fields; and the
 * event handlers see the very objects the cache holds, so nothing keeps a full copy alive beside
 * it.
 */
@EnableKubernetesMockClient(crud = true)
class TrimmedInformerCacheTest {

  static KubernetesClient client;

  private SharedIndexInformer<Service> informer;
  private final List<Service> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startInformer() throws Exception {
    client.services().inAnyNamespace().delete();
    informer = client.services().inAnyNamespace().runnableInformer(0);
    informer.itemStore(new TrimmingItemStore<>(CachedServiceFields::trim));
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Service obj) {
            seen.add(obj);
          }

          @Override
          public void onUpdate(Service oldObj, Service newObj) {
            seen.add(newObj);
          }

          @Override
          public void onDelete(Service obj, boolean deletedFinalStateUnknown) {}
        });
    informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    informer.close();
  }

  @Test
  void aClusterIpServiceIsCachedAsItsIdentityAndTypeAndBecomesWholeWhenLoadBalanced() {
    Service created =
        client.services().inNamespace("shop").resource(service("web", "ClusterIP")).create();

    Service cached = awaitCached("shop/web", created.getMetadata().getResourceVersion());
    assertThat(cached.getMetadata().getName()).isEqualTo("web");
    assertThat(cached.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(cached.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(cached.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(cached.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(cached.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getSpec().getSelector()).isNullOrEmpty();
    assertThat(cached.getSpec().getPorts()).isNullOrEmpty();
    // The handlers were given the same instance: no full copy of it lives on in them.
    assertThat(seen).anySatisfy(s -> assertThat(s).isSameAs(cached));

    Service loadBalanced =
        client
            .services()
            .inNamespace("shop")
            .withName("web")
            .edit(s -> new ServiceBuilder(s).editSpec().withType("LoadBalancer").endSpec().build());

    Service whole = awaitCached("shop/web", loadBalanced.getMetadata().getResourceVersion());
    assertThat(whole.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(whole.getSpec().getPorts()).hasSize(1);
    assertThat(whole.getSpec().getSelector()).containsEntry("app", "web");
    assertThat(whole.getMetadata().getAnnotations())
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-internal", "true");
    assertThat(whole.getMetadata().getManagedFields()).isNullOrEmpty();
  }

  @Test
  void aServiceThatStillHasItsLoadBalancerIsKeptWholeAfterItsTypeChanged() {
    Service withFinalizer =
        new ServiceBuilder(service("api", "ClusterIP"))
            .editMetadata()
            .addToFinalizers("service.kubernetes.io/load-balancer-cleanup")
            .endMetadata()
            .build();
    Service created = client.services().inNamespace("shop").resource(withFinalizer).create();

    Service cached = awaitCached("shop/api", created.getMetadata().getResourceVersion());
    assertThat(cached.getSpec().getPorts()).hasSize(1);
    assertThat(cached.getMetadata().getAnnotations()).isNotEmpty();
    assertThat(cached.getMetadata().getFinalizers())
        .containsExactly("service.kubernetes.io/load-balancer-cleanup");
  }

  private Service awaitCached(String key, String resourceVersion) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                informer.getStore().getByKey(key) != null
                    && resourceVersion.equals(
                        informer.getStore().getByKey(key).getMetadata().getResourceVersion()));
    return informer.getStore().getByKey(key);
  }

  private static Service service(String name, String type) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app", name)
        .addToAnnotations("service.beta.kubernetes.io/aws-load-balancer-internal", "true")
        .withManagedFields(
            new ManagedFieldsEntryBuilder()
                .withManager("kubectl")
                .withOperation("Apply")
                .withApiVersion("v1")
                .withFieldsType("FieldsV1")
                .build())
        .endMetadata()
        .withNewSpec()
        .withType(type)
        .withSelector(Map.of("app", name))
        .addNewPort()
        .withPort(80)
        .withNewTargetPort(8080)
        .endPort()
        .endSpec()
        .build();
  }
}
