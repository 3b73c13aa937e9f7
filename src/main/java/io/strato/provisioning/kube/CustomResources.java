package io.strato.provisioning.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads watched custom resources from the informers' caches and writes the three things Strato
 * changes on them: its finalizer, the status subresource, nothing else. Writes go as JSON Patch
 * (Fabric8's edit), never as merge patch, which would replace or (on the mock API) append lists.
 */
final class CustomResources {

  private final KubernetesClient client;
  private final Map<String, Store<GenericKubernetesResource>> caches;
  private final Map<String, CustomKind> kinds;
  private final ObjectMapper json;

  CustomResources(
      KubernetesClient client,
      Map<String, Store<GenericKubernetesResource>> caches,
      Map<String, CustomKind> kinds,
      ObjectMapper json) {
    this.client = client;
    this.caches = caches;
    this.kinds = kinds;
    this.json = json;
  }

  Optional<GenericKubernetesResource> get(CustomResourceKey key) {
    return Optional.ofNullable(caches.get(key.kind()).getByKey(key.namespace() + "/" + key.name()));
  }

  static boolean hasFinalizer(GenericKubernetesResource cr) {
    List<String> finalizers = cr.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(CustomKind.FINALIZER);
  }

  JsonNode spec(GenericKubernetesResource cr) {
    return json.valueToTree(cr.getAdditionalProperties().get("spec"));
  }

  JsonNode status(GenericKubernetesResource cr) {
    Object status = cr.getAdditionalProperties().get("status");
    return status == null ? null : json.valueToTree(status);
  }

  void addFinalizer(CustomResourceKey key) {
    edit(
        key,
        cr -> {
          List<String> finalizers = new ArrayList<>(cr.getMetadata().getFinalizers());
          if (!finalizers.contains(CustomKind.FINALIZER)) {
            finalizers.add(CustomKind.FINALIZER);
          }
          cr.getMetadata().setFinalizers(finalizers);
          return cr;
        });
  }

  void removeFinalizer(CustomResourceKey key) {
    edit(
        key,
        cr -> {
          List<String> finalizers = new ArrayList<>(cr.getMetadata().getFinalizers());
          finalizers.remove(CustomKind.FINALIZER);
          cr.getMetadata().setFinalizers(finalizers);
          return cr;
        });
  }

  /** Replaces the status through the status subresource; a resource gone meanwhile is fine. */
  void writeStatus(CustomResourceKey key, JsonNode status) {
    Object value = json.convertValue(status, Object.class);
    try {
      resource(key)
          .editStatus(
              cr -> {
                cr.setAdditionalProperty("status", value);
                return cr;
              });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private void edit(
      CustomResourceKey key, java.util.function.UnaryOperator<GenericKubernetesResource> change) {
    try {
      resource(key).edit(change);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private Resource<GenericKubernetesResource> resource(CustomResourceKey key) {
    return client
        .genericKubernetesResources(kinds.get(key.kind()).context())
        .inNamespace(key.namespace())
        .withName(key.name());
  }
}
