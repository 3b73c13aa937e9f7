package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
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
   * Adds the finalizer to a cached copy of the Service, on the condition that the API still holds
   * that very version: the patch also sets {@code resourceVersion} to the cached one, which the API
   * server takes as a precondition (409 Conflict if the Service changed since), so a stale copy can
   * neither add the finalizer twice nor hide another writer's change. Saves the GET the reconcile
   * would otherwise make first, as upstream's service controller patches its lister's copy.
   *
   * @return the Service as the API now has it, or null when the cached copy was stale or the
   *     Service is gone (the caller then reads it afresh)
   */
  Service addIfCurrent(Service cached) {
    List<String> finalizers = cached.getMetadata().getFinalizers();
    String resourceVersion = cached.getMetadata().getResourceVersion();
    if (resourceVersion == null || present(cached)) {
      return null;
    }
    String add =
        finalizers == null || finalizers.isEmpty()
            ? "{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\"" + NAME + "\"]}"
            : "{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\"" + NAME + "\"}";
    String patch =
        "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
            + resourceVersion
            + "\"},"
            + add
            + "]";
    try {
      return patch(cached, patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT
          || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return null;
      }
      throw e;
    }
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
