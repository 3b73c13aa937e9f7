package io.strato.provisioning.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.provisioning.ResourceKind;
import io.strato.provisioning.StatusView;
import io.strato.provisioning.store.ResourceKey;
import io.strato.provisioning.store.ResourceStamp;
import io.strato.provisioning.store.ResourceStore;
import io.strato.provisioning.store.StampPage;
import io.strato.provisioning.store.StoreException;
import io.strato.provisioning.store.StoredResource;
import io.strato.provisioning.store.Written;
import io.strato.provisioning.validation.AdmissionCheck;
import io.strato.provisioning.validation.CommonRules;
import io.strato.provisioning.validation.FieldError;
import io.strato.provisioning.validation.InvalidSpecException;
import io.strato.provisioning.validation.PassableIdentities;
import io.strato.provisioning.validation.PrivilegedContent;
import io.strato.provisioning.validation.Validation;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The declarative REST semantics shared by every kind: validate, write the desired state with
 * optimistic concurrency, and hand the key to the reconcile engine. Nothing a client sends changes
 * the cloud before it has been validated and stored: the only cloud calls here are the read-only
 * look-ups of admission checks (a subnet's zone), made after every check that needs none passed.
 */
public final class ResourceService<S, O> {

  public static final int MAX_PAGE = 500;

  private final ResourceKind<S, O> kind;
  private final ResourceStore store;
  private final ObjectMapper json;
  private final Consumer<ResourceKey> reconcile;
  private final JavaType statusType;
  private final JavaType viewType;
  private final PassableIdentities passable;
  private final List<AdmissionCheck<S>> admissionChecks;
  private final RenderedViews rendered = new RenderedViews(this::renderJson);
  private final RenderedPages pages = new RenderedPages();
  private final String listKind;

  public ResourceService(
      ResourceKind<S, O> kind,
      ResourceStore store,
      ObjectMapper json,
      Consumer<ResourceKey> reconcile,
      PassableIdentities passable) {
    this(kind, store, json, reconcile, passable, List.of());
  }

  public ResourceService(
      ResourceKind<S, O> kind,
      ResourceStore store,
      ObjectMapper json,
      Consumer<ResourceKey> reconcile,
      PassableIdentities passable,
      List<AdmissionCheck<S>> admissionChecks) {
    this.kind = kind;
    this.listKind = kind.name() + "List";
    this.passable = passable;
    this.admissionChecks = List.copyOf(admissionChecks);
    this.store = store;
    this.json = json;
    this.reconcile = reconcile;
    this.statusType =
        json.getTypeFactory().constructParametricType(StatusView.class, kind.outputsType());
    this.viewType =
        json.getTypeFactory()
            .constructParametricType(ResourceView.class, kind.specType(), kind.outputsType());
  }

  /** The answer of an apply: the resource and whether it was created. */
  public record Applied<S, O>(ResourceView<S, O> resource, boolean created) {}

  public Applied<S, O> apply(String name, ApplyRequest<S> body, String ifMatch, Caller caller) {
    return apply(name, body, ifMatch, caller, null);
  }

  /**
   * The apply of a Kubernetes custom resource: the same checks as REST, and the resource is marked
   * as the custom resource's, so REST cannot change it (nor this one a REST resource).
   */
  public Applied<S, O> applyOwned(
      String name, ApplyRequest<S> body, Caller caller, KubernetesOwner owner) {
    return apply(name, body, null, caller, owner);
  }

  private Applied<S, O> apply(
      String name, ApplyRequest<S> body, String ifMatch, Caller caller, KubernetesOwner owner) {
    Validation v = new Validation();
    if (!v.require(body, "body")) {
      v.throwIfInvalid();
    }
    if (body.apiVersion() != null) {
      v.check(
          ResourceKind.API_VERSION.equals(body.apiVersion()),
          "apiVersion",
          "must be " + ResourceKind.API_VERSION);
    }
    if (body.kind() != null) {
      v.check(kind.name().equals(body.kind()), "kind", "must be " + kind.name());
    }
    Map<String, String> labels = Map.of();
    String bodyVersion = null;
    if (body.metadata() != null) {
      if (body.metadata().name() != null) {
        v.check(
            body.metadata().name().equals(name),
            "metadata.name",
            "must equal the name in the path, " + name);
      }
      CommonRules.labels(v, body.metadata().labels(), "metadata.labels");
      labels = body.metadata().labels() == null ? Map.of() : body.metadata().labels();
      labels.keySet().stream()
          .filter(key -> key.startsWith(KubernetesOwner.LABEL_PREFIX))
          .forEach(
              key ->
                  v.fail(
                      "metadata.labels." + key,
                      "is reserved: Strato marks resources owned by a Kubernetes custom resource"
                          + " with it"));
      bodyVersion = body.metadata().resourceVersion();
    }
    List<FieldError> specErrors = kind.validator().apply(name, body.spec());
    specErrors.forEach(e -> v.fail(e.field(), e.message()));
    passable.check(v, kind.iamReferences().apply(body.spec()));
    v.throwIfInvalid();
    requireAdminForNewPrivilegedContent(name, body.spec(), caller);
    admissionChecks.forEach(check -> check.check(body.spec(), v));
    v.throwIfInvalid();

    Precondition precondition = Precondition.of(ifMatch, bodyVersion);
    if (precondition.uidPrefix() != null) {
      precondition.checkIncarnation(store.get(kind.name(), name));
    }
    requireOwner(name, owner);
    if (owner != null) {
      labels = owner.mark(labels);
    }
    Written written;
    try {
      written = store.put(kind.name(), name, labels, write(body.spec()), precondition.version());
    } catch (StoreException.StaleVersion e) {
      throw precondition.conflict(e, store.get(kind.name(), name).orElse(null));
    } catch (StoreException.NotFound e) {
      throw new VersionConflictException(
          precondition.status(), kind.name() + " " + name + " does not exist yet");
    }
    StoredResource r = written.resource();
    if (written.created() || r.generation() != observedOrZero(r)) {
      reconcile.accept(r.key());
    }
    return new Applied<>(view(r), written.created());
  }

  /**
   * Content that runs on the instances needs the admin role when it is new or changed; an operator
   * may still apply a spec that keeps what an admin set (to scale the group, say). Its hashes are
   * noted for the audit log whether the change is allowed or refused.
   */
  private void requireAdminForNewPrivilegedContent(String name, S spec, Caller caller) {
    List<PrivilegedContent> privileged = kind.privileged().apply(spec);
    if (privileged.isEmpty()) {
      return;
    }
    caller
        .auditNote()
        .accept(
            privileged.stream()
                .map(p -> p.field() + " sha256:" + p.sha256())
                .collect(Collectors.joining(", ")));
    if (caller.admin()) {
      return;
    }
    Set<PrivilegedContent> stored =
        store
            .get(kind.name(), name)
            .map(r -> Set.copyOf(kind.privileged().apply(read(r.specJson()))))
            .orElse(Set.of());
    List<String> changed =
        privileged.stream().filter(p -> !stored.contains(p)).map(PrivilegedContent::field).toList();
    if (!changed.isEmpty()) {
      throw new AdminOnlyFieldsException(changed);
    }
  }

  public ResourceView<S, O> get(String name) {
    return view(find(name));
  }

  /**
   * The resource as the JSON rendered for its version: what {@link #get} answers, as bytes. The
   * stamp is read first, so a resource rendered at its version reads no spec or status; otherwise
   * the row is read as it now is (never older than the stamp).
   */
  public RenderedView rendered(String name) {
    ResourceStamp stamp =
        store
            .stamp(kind.name(), name)
            .orElseThrow(() -> new StoreException.NotFound(new ResourceKey(kind.name(), name)));
    byte[] json = rendered.at(stamp);
    if (json != null) {
      return new RenderedView(
          json, Precondition.versionOf(stamp.resourceVersion(), stamp.uid()), this::readView);
    }
    StoredResource r = find(name);
    return new RenderedView(rendered.of(r), Precondition.versionOf(r), this::readView);
  }

  public ListView<ResourceView<S, O>> list(String labelSelector, Integer limit, String token) {
    LabelSelector selector = LabelSelector.parse(labelSelector);
    int size = limit == null ? 100 : limit;
    if (size < 1 || size > MAX_PAGE) {
      throw new InvalidSpecException(
          List.of(new FieldError("limit", "must be between 1 and " + MAX_PAGE)));
    }
    StampPage page;
    try {
      // Stamps first: a page whose items were all rendered at their versions reads no spec or
      // status, and the labels only when a selector needs them.
      page =
          store.stamps(
              kind.name(),
              selector.requirements().isEmpty() ? null : selector::matches,
              size,
              token);
    } catch (IllegalArgumentException badToken) {
      throw new InvalidSpecException(
          List.of(new FieldError("continue", "is not a token this server issued")));
    }
    RenderedPages.Query query = new RenderedPages.Query(labelSelector, size, token);
    RenderedPages.Page kept = pages.find(query, page);
    if (kept == null) {
      RenderedViews.Items items =
          rendered.page(page.items(), names -> store.getAll(kind.name(), names));
      kept =
          new RenderedPages.Page(
              page,
              items.json(),
              PageJson.of(
                  json, ResourceKind.API_VERSION, listKind, items.json(), page.continueToken()));
      if (items.asStamped()) {
        pages.keep(query, kept);
      }
    }
    return new ListView<>(
        ResourceKind.API_VERSION,
        listKind,
        new RenderedItems<>(kept.items(), kept.json(), this::readView),
        page.continueToken());
  }

  public ResourceView<S, O> delete(String name, String ifMatch) {
    return delete(name, ifMatch, null);
  }

  /**
   * The delete of a Kubernetes custom resource's resource; empty when nothing is stored under the
   * name (the cloud side is gone, or never came).
   */
  public Optional<ResourceView<S, O>> deleteOwned(String name, KubernetesOwner owner) {
    if (store.get(kind.name(), name).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(delete(name, null, owner));
    } catch (StoreException.NotFound removedMeanwhile) {
      return Optional.empty();
    }
  }

  private ResourceView<S, O> delete(String name, String ifMatch, KubernetesOwner owner) {
    Precondition precondition = Precondition.of(ifMatch, null);
    if (precondition.uidPrefix() != null) {
      precondition.checkIncarnation(store.get(kind.name(), name));
    }
    requireOwner(name, owner);
    StoredResource r;
    try {
      r = store.markDeleting(kind.name(), name, precondition.version());
    } catch (StoreException.StaleVersion e) {
      throw precondition.conflict(e, store.get(kind.name(), name).orElse(null));
    }
    reconcile.accept(r.key());
    return view(r);
  }

  /**
   * One owner per resource: a change through one front door to a resource the other one created is
   * refused before anything is written.
   */
  private void requireOwner(String name, KubernetesOwner owner) {
    store
        .get(kind.name(), name)
        .ifPresent(
            stored -> {
              Optional<KubernetesOwner> current = KubernetesOwner.of(kind.name(), stored.labels());
              if (current.equals(Optional.ofNullable(owner))) {
                return;
              }
              String what = kind.name() + " " + name;
              throw new OwnerConflictException(
                  current
                      .map(
                          o ->
                              what
                                  + " is owned by "
                                  + o.describe()
                                  + (owner == null
                                      ? ": change or delete it there, through REST it is"
                                          + " read-only"
                                      : ", not by this one"))
                      .orElse(
                          what
                              + " was created through the REST API, which owns it: a custom"
                              + " resource cannot take it over"));
            });
  }

  public List<EventView> events(String name, Integer limit) {
    find(name);
    int size = limit == null ? 100 : limit;
    if (size < 1 || size > MAX_PAGE) {
      throw new InvalidSpecException(
          List.of(new FieldError("limit", "must be between 1 and " + MAX_PAGE)));
    }
    return store.events(kind.name(), name, size).stream()
        .map(e -> new EventView(e.at(), e.type(), e.reason(), e.message()))
        .toList();
  }

  private StoredResource find(String name) {
    return store
        .get(kind.name(), name)
        .orElseThrow(() -> new StoreException.NotFound(new ResourceKey(kind.name(), name)));
  }

  private long observedOrZero(StoredResource r) {
    StatusView<O> status = status(r);
    return status.observedGeneration() == null ? 0 : status.observedGeneration();
  }

  ResourceView<S, O> view(StoredResource r) {
    try {
      S spec = json.readValue(r.specJson(), kind.specType());
      return new ResourceView<>(
          ResourceKind.API_VERSION,
          kind.name(),
          new ResourceView.MetadataView(
              r.name(),
              r.uid(),
              r.generation(),
              Precondition.versionOf(r),
              r.labels(),
              r.createdAt(),
              r.updatedAt(),
              r.deletionRequestedAt()),
          spec,
          status(r));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored " + r.key() + " is unreadable", e);
    }
  }

  private ResourceView<S, O> readView(byte[] rendered) {
    try {
      return json.readValue(rendered, viewType);
    } catch (IOException e) {
      throw new IllegalStateException("a rendered " + kind.name() + " view is unreadable", e);
    }
  }

  private byte[] renderJson(StoredResource r) {
    try {
      return json.writeValueAsBytes(view(r));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("view of " + r.key() + " cannot be written as JSON", e);
    }
  }

  private StatusView<O> status(StoredResource r) {
    if (r.statusJson() == null) {
      return StatusView.pending();
    }
    try {
      return json.readValue(r.statusJson(), statusType);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored status of " + r.key() + " is unreadable", e);
    }
  }

  private S read(String specJson) {
    try {
      return json.readValue(specJson, kind.specType());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored " + kind.name() + " spec is unreadable", e);
    }
  }

  private String write(S spec) {
    try {
      return json.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("spec cannot be written as JSON", e);
    }
  }
}
