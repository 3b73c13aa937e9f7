package io.strato.provisioning;

import io.strato.provisioning.store.StoredResource;
import io.strato.reconcile.Result;

/** Reconciles the resources of one kind: observe, compute desired, ensure, report. */
public interface KindReconciler {

  String kind();

  /** Brings the cloud in line with a resource that is not being deleted. */
  Result reconcile(StoredResource resource) throws Exception;

  /**
   * Removes the resource's cloud side.
   *
   * @return true once nothing is left, so the row may go
   */
  boolean cleanUp(StoredResource resource) throws Exception;
}
