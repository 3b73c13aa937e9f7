package io.strato.provisioning.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strato.cloud.cluster.ClusterOutputs;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.config.StratoConfig;
import io.strato.provisioning.Kinds;
import io.strato.provisioning.ProvisioningEngine;
import io.strato.provisioning.api.ResourceService;
import io.strato.provisioning.api.ResourceServices;
import io.strato.provisioning.loadbalancer.LoadBalancerOutputs;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto;
import io.strato.provisioning.nodegroup.NodeGroupOutputs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Serves the provisioning kinds as Kubernetes custom resources when {@code
 * strato.kubernetes-api.enabled}: the application's wiring of {@link CustomResourceWatch} to the
 * REST services, the engine's leadership and the Kubernetes client.
 */
@ApplicationScoped
public class KubernetesFrontDoor {

  private final StratoConfig config;
  private final Instance<KubernetesClient> kubernetes;
  private final ResourceServices services;
  private final ProvisioningEngine engine;
  private final ObjectMapper json;
  private final MeterRegistry registry;
  private CustomResourceWatch watch;

  @Inject
  public KubernetesFrontDoor(
      StratoConfig config,
      Instance<KubernetesClient> kubernetes,
      ResourceServices services,
      ProvisioningEngine engine,
      ObjectMapper json,
      MeterRegistry registry) {
    this.config = config;
    this.kubernetes = kubernetes;
    this.services = services;
    this.engine = engine;
    this.json = json;
    this.registry = registry;
  }

  /** The three kinds, each bridged to the REST service of the same kind. */
  static List<KindBridge<?, ?>> bridges(
      ResourceService<ClusterSpecDto, ClusterOutputs> clusters,
      ResourceService<LoadBalancerSpecDto, LoadBalancerOutputs> loadBalancers,
      ResourceService<NodeGroupSpecDto, NodeGroupOutputs> nodeGroups,
      ObjectMapper json) {
    return List.of(
        new KindBridge<>(CustomKind.CLUSTER, clusters, json, Kinds.CLUSTER.specType()),
        new KindBridge<>(
            CustomKind.LOAD_BALANCER, loadBalancers, json, Kinds.LOAD_BALANCER.specType()),
        new KindBridge<>(CustomKind.NODE_GROUP, nodeGroups, json, Kinds.NODE_GROUP.specType()));
  }

  void start(@Observes StartupEvent event) {
    StratoConfig.KubernetesApi settings = config.kubernetesApi();
    if (!settings.enabled()) {
      return;
    }
    watch =
        new CustomResourceWatch(
            kubernetes.get(),
            bridges(services.clusters(), services.loadBalancers(), services.nodeGroups(), json),
            settings.namespace(),
            engine::leading,
            settings.statusInterval(),
            json,
            registry);
    watch.start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (watch != null) {
      watch.close();
    }
  }
}
