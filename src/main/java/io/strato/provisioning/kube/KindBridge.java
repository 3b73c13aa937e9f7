package io.strato.provisioning.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.provisioning.api.AdminOnlyFieldsException;
import io.strato.provisioning.api.ApplyRequest;
import io.strato.provisioning.api.Caller;
import io.strato.provisioning.api.KubernetesOwner;
import io.strato.provisioning.api.OwnerConflictException;
import io.strato.provisioning.api.ProblemMappers;
import io.strato.provisioning.api.ResourceService;
import io.strato.provisioning.api.ResourceView;
import io.strato.provisioning.store.StoreException;
import io.strato.provisioning.validation.InvalidSpecException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Hands a custom resource's spec to the kind's {@link ResourceService}, the path REST takes: the
 * same strict JSON reading, the same validators and admission checks, the same store write. Every
 * refusal comes back as a value the status can show; nothing refused reaches the store.
 */
final class KindBridge<S, O> {

  /** What became of a spec. {@code stored} is what the store holds now, if anything. */
  record Outcome(
      Optional<ResourceView<?, ?>> stored, boolean accepted, String reason, String message) {

    static Outcome accepted(ResourceView<?, ?> view) {
      return new Outcome(
          Optional.of(view), true, "SpecStored", "the spec is stored and reconciled");
    }

    static Outcome refused(Optional<ResourceView<?, ?>> stored, String reason, String message) {
      return new Outcome(stored, false, reason, message);
    }
  }

  /**
   * A custom resource is never a privileged caller: Kubernetes RBAC on custom resources is not
   * Strato's admin role, so content that runs as root on instances (user data, bootstrap templates)
   * is refused here as it is for a REST operator.
   */
  private static final Caller CALLER = new Caller(false, note -> {});

  private final CustomKind kind;
  private final ResourceService<S, O> service;
  private final ObjectMapper json;
  private final JavaType requestType;

  KindBridge(CustomKind kind, ResourceService<S, O> service, ObjectMapper json, Class<S> specType) {
    this.kind = kind;
    this.service = service;
    this.json = json;
    this.requestType = json.getTypeFactory().constructParametricType(ApplyRequest.class, specType);
  }

  CustomKind kind() {
    return kind;
  }

  Outcome apply(CustomResourceKey key, JsonNode spec, Map<String, String> labels) {
    KubernetesOwner owner = owner(key);
    ApplyRequest<S> request;
    try {
      ObjectNode body = json.createObjectNode();
      body.putObject("metadata").set("labels", json.valueToTree(labels));
      body.set("spec", spec);
      request = json.readerFor(requestType).readValue(body);
    } catch (JsonProcessingException e) {
      return refused(
          key, "InvalidSpec", ProblemMappers.path(e) + ": " + ProblemMappers.describe(e));
    } catch (java.io.IOException e) {
      return refused(key, "InvalidSpec", "spec: " + e.getMessage());
    }
    if (request.spec() == null) {
      return refused(key, "InvalidSpec", "spec: is required");
    }
    try {
      return Outcome.accepted(
          service.applyOwned(key.storedName(), request, CALLER, owner).resource());
    } catch (InvalidSpecException e) {
      return refused(
          key,
          "InvalidSpec",
          e.errors().stream()
              .map(f -> f.field() + ": " + f.message())
              .collect(Collectors.joining("; ")));
    } catch (OwnerConflictException e) {
      return refused(key, "OwnerConflict", e.getMessage());
    } catch (AdminOnlyFieldsException e) {
      return refused(key, "AdminOnlyFields", e.getMessage() + " (set through REST by an admin)");
    } catch (StoreException.Deleting e) {
      return refused(
          key, "StillDeleting", e.getMessage() + "; the spec is applied once that delete is done");
    }
  }

  /** Marks the stored resource for deletion; empty once nothing is stored under the name. */
  Optional<ResourceView<?, ?>> delete(CustomResourceKey key) {
    return service.deleteOwned(key.storedName(), owner(key)).map(v -> v);
  }

  private Outcome refused(CustomResourceKey key, String reason, String message) {
    return Outcome.refused(stored(key), reason, message);
  }

  /** What the store holds under the name, only if this custom resource owns it. */
  Optional<ResourceView<?, ?>> stored(CustomResourceKey key) {
    try {
      ResourceView<S, O> view = service.get(key.storedName());
      return KubernetesOwner.of(kind.kind(), view.metadata().labels())
          .filter(owner(key)::equals)
          .map(owner -> view);
    } catch (StoreException.NotFound e) {
      return Optional.empty();
    }
  }

  private KubernetesOwner owner(CustomResourceKey key) {
    return new KubernetesOwner(kind.kind(), key.namespace(), key.name());
  }
}
