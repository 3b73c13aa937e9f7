package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;

/**
 * The finalizer that keeps a Service (and so the knowledge of its load balancer) in the API until
 * the load balancer is gone. Written with JSON Patch: a merge patch would replace (or, on some
 * servers, append to) the whole list and could drop another controller's finalizer.
 */
final class ServiceFinalizer {

  static final String NAME = "service.kubernetes.io/load-balancer-cleanup";

  private final KubernetesClient client;

  ServiceFinalizer(KubernetesClient client) {
    this.client = client;
  }

  static boolean present(Service service) {
    List<String> finalizers = service.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(NAME);
  }

  /** Adds the finalizer if missing; answers the Service as the API now has it. */
  Service add(Service service) {
    if (present(service)) {
      return service;
    }
    List<String> finalizers = service.getMetadata().getFinalizers();
    String patch =
        finalizers == null || finalizers.isEmpty()
            ? "[{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\"" + NAME + "\"]}]"
            : "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\"" + NAME + "\"}]";
    return patch(service, patch);
  }

  /**
   * Removes the finalizer. The {@code test} op makes the patch fail instead of removing someone
   * else's finalizer if the list moved since it was read; the engine then retries on a fresh read.
   */
  Service remove(Service service) {
    List<String> finalizers = service.getMetadata().getFinalizers();
    int index = finalizers == null ? -1 : finalizers.indexOf(NAME);
    if (index < 0) {
      return service;
    }
    String path = "/metadata/finalizers/" + index;
    String patch =
        "[{\"op\":\"test\",\"path\":\""
            + path
            + "\",\"value\":\""
            + NAME
            + "\"},{\"op\":\"remove\",\"path\":\""
            + path
            + "\"}]";
    return patch(service, patch);
  }

  private Service patch(Service service, String patch) {
    return client
        .services()
        .inNamespace(service.getMetadata().getNamespace())
        .withName(service.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), patch);
  }
}
