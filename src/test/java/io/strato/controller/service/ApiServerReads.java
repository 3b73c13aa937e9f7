package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * A {@link ClusterCache} that asks the API server at every read, for scenarios that drive the
 * reconcilers by hand: a node the test just created is seen at once, with no informer to wait for.
 * The running controller reads its informers ({@link ClusterCache#of}); tests that count API calls
 * drive that one.
 */
final class ApiServerReads implements ClusterCache {

  private final KubernetesClient client;

  ApiServerReads(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<Node> nodes() {
    return client.nodes().list().getItems();
  }

  @Override
  public List<Service> loadBalancerServices() {
    return client.services().inAnyNamespace().list().getItems().stream()
        .filter(s -> s.getSpec() != null && "LoadBalancer".equals(s.getSpec().getType()))
        .toList();
  }

  @Override
  public Service service(String key) {
    int slash = key.indexOf('/');
    return client
        .services()
        .inNamespace(key.substring(0, slash))
        .withName(key.substring(slash + 1))
        .get();
  }
}
