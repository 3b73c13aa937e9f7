package io.strato.provisioning;

import io.strato.cloud.CloudException;
import io.strato.provisioning.store.ResourceKey;
import io.strato.provisioning.store.ResourceMark;
import io.strato.provisioning.store.ResourceStore;
import io.strato.provisioning.store.StoredResource;
import io.strato.reconcile.Reconciler;
import io.strato.reconcile.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The conductor for provisioning resources: reads the row, then dispatches to the kind's
 * reconciler, or, for a resource being deleted, cleans up and removes the row once the cloud side
 * is gone. Failures the user must fix become status; everything else is thrown for backoff.
 */
public final class ProvisioningReconciler implements Reconciler<ResourceKey> {

  private final ResourceStore store;
  private final StatusReporter reporter;
  private final Map<String, KindReconciler> kinds;
  private final Duration poll;
  private final Consumer<ResourceMark> read;

  static final Duration REFERENCE_RETRY = Duration.ofMinutes(1);

  public ProvisioningReconciler(
      ResourceStore store, StatusReporter reporter, List<KindReconciler> kinds, Duration poll) {
    this(store, reporter, kinds, poll, mark -> {});
  }

  /**
   * @param read told the mark of every row a reconcile reads, so that the change feed does not
   *     queue again a change this reconcile is already acting on
   */
  public ProvisioningReconciler(
      ResourceStore store,
      StatusReporter reporter,
      List<KindReconciler> kinds,
      Duration poll,
      Consumer<ResourceMark> read) {
    this.read = read;
    this.store = store;
    this.reporter = reporter;
    this.kinds =
        kinds.stream().collect(Collectors.toMap(KindReconciler::kind, Function.identity()));
    this.poll = poll;
  }

  @Override
  public Result reconcile(ResourceKey key) throws Exception {
    Optional<StoredResource> found = store.get(key.kind(), key.name());
    KindReconciler kind = kinds.get(key.kind());
    if (found.isEmpty() || kind == null) {
      return Result.done();
    }
    StoredResource r = found.get();
    read.accept(new ResourceMark(r.key(), r.uid(), r.generation(), r.deleting()));
    return r.deleting() ? delete(kind, r) : apply(kind, r);
  }

  private Result apply(KindReconciler kind, StoredResource r) throws Exception {
    try {
      return kind.reconcile(r);
    } catch (CloudException.InvalidRequest e) {
      reporter.failed(r, e.reason(), e.getMessage());
      // A quota can be raised without the spec changing: look again now and then.
      return "QuotaExceeded".equals(e.reason())
          ? Result.after(Duration.ofMinutes(5))
          : Result.done();
    } catch (CloudException.NotFound e) {
      // Something the spec refers to (a subnet, an image, a security group) does not exist. It
      // may yet be created (by Terraform, say), so look again, but slowly, and say so meanwhile.
      reporter.failed(r, "ReferenceNotFound", e.getMessage());
      return Result.after(REFERENCE_RETRY);
    } catch (CloudException.Conflict e) {
      reporter.progressing(r, null, "Conflict", e.getMessage());
      throw e;
    }
  }

  private Result delete(KindReconciler kind, StoredResource r) throws Exception {
    if (!StatusView.DELETING.equals(reporter.phase(r))) {
      reporter.event(r, "Normal", "Deleting", "deleting the cloud resources");
    }
    if (kind.cleanUp(r)) {
      store.remove(r.kind(), r.name(), r.uid());
      return Result.done();
    }
    StoredResource latest = store.get(r.kind(), r.name()).orElse(r);
    reporter.deleting(latest, "waiting for the cloud to release the resources");
    return Result.after(poll);
  }
}
