package io.strato.provisioning.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.strato.controller.KubernetesEvents;
import io.strato.reconcile.Backoff;
import io.strato.reconcile.Controller;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Watches the Cluster, LoadBalancer and NodeGroup custom resources with one informer per kind and
 * reconciles each on the shared engine (work queue, backoff, requeue). Every replica watches; only
 * the provisioning leader's reconciles write (see {@link CustomResourceReconciler}).
 */
public final class CustomResourceWatch implements AutoCloseable {

  public static final String COMPONENT = "strato-provisioning";

  private static final Logger LOG = Logger.getLogger(CustomResourceWatch.class);

  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
  private final ScheduledExecutorService scheduler;
  private final Controller<CustomResourceKey> controller;

  /**
   * @param bridges the kinds to watch, each with the REST service its specs go through
   * @param namespace the one namespace to watch, or every namespace
   * @param interval how often a resource's status is copied from the store while it exists
   */
  CustomResourceWatch(
      KubernetesClient client,
      List<KindBridge<?, ?>> bridges,
      Optional<String> namespace,
      BooleanSupplier leading,
      Duration interval,
      ObjectMapper json,
      MeterRegistry registry) {
    Map<String, Store<GenericKubernetesResource>> caches = new HashMap<>();
    Map<String, CustomKind> kinds = new HashMap<>();
    Map<String, KindBridge<?, ?>> byKind = new HashMap<>();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "custom-resource-timers");
              t.setDaemon(true);
              return t;
            });
    List<Runnable> starts = new ArrayList<>();
    for (KindBridge<?, ?> bridge : bridges) {
      CustomKind kind = bridge.kind();
      SharedIndexInformer<GenericKubernetesResource> informer =
          source(client, kind, namespace).runnableInformer(0);
      informers.add(informer);
      caches.put(kind.kind(), informer.getStore());
      kinds.put(kind.kind(), kind);
      byKind.put(kind.kind(), bridge);
      starts.add(() -> informer.addEventHandler(handler(kind)));
    }
    CustomResourceReconciler reconciler =
        new CustomResourceReconciler(
            byKind,
            new CustomResources(client, caches, kinds, json),
            new CustomResourceStatus(json),
            new KubernetesEvents(client, Clock.systemUTC(), COMPONENT),
            leading,
            interval,
            Clock.systemUTC());
    this.controller =
        new Controller<>(
            "custom-resources",
            reconciler,
            2,
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30)),
            scheduler,
            registry);
    starts.forEach(Runnable::run);
  }

  private static Informable<GenericKubernetesResource> source(
      KubernetesClient client, CustomKind kind, Optional<String> namespace) {
    var all = client.genericKubernetesResources(kind.context());
    return namespace
        .<Informable<GenericKubernetesResource>>map(all::inNamespace)
        .orElseGet(all::inAnyNamespace);
  }

  private ResourceEventHandler<GenericKubernetesResource> handler(CustomKind kind) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource cr) {
        enqueue(kind, cr);
      }

      @Override
      public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
        enqueue(kind, after);
      }

      @Override
      public void onDelete(GenericKubernetesResource cr, boolean finalStateUnknown) {
        enqueue(kind, cr);
      }
    };
  }

  private void enqueue(CustomKind kind, GenericKubernetesResource cr) {
    controller.enqueue(
        new CustomResourceKey(
            kind.kind(), cr.getMetadata().getNamespace(), cr.getMetadata().getName()));
  }

  public void start() {
    controller.start();
    informers.forEach(SharedIndexInformer::run);
    LOG.infof("watching %d kinds of %s custom resources", informers.size(), CustomKind.API_VERSION);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    controller.close();
    scheduler.shutdownNow();
  }
}
