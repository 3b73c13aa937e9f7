package io.strato.cloud.instance;

/** An instance's lifecycle, as the node controller needs to see it. */
public enum InstanceState {
  PENDING,
  RUNNING,
  STOPPING,
  STOPPED,
  SHUTTING_DOWN,
  TERMINATED;

  /**
   * The instance no longer exists for Kubernetes: its Node should be deleted. Only {@code
   * terminated}, as cloud-provider-aws's {@code InstanceExistsByProviderID} answers: a {@code
   * shutting-down} instance still exists, and its Node goes once the instance is terminated (one
   * monitor period later), never on a state that could still be reported otherwise.
   */
  public boolean gone() {
    return this == TERMINATED;
  }

  /**
   * The instance is stopped and may come back: its Node gets the shutdown taint. Only {@code
   * stopped}, as cloud-provider-aws's {@code InstanceShutdownByProviderID}: a {@code stopping}
   * instance is tainted at the next check, once it has stopped.
   */
  public boolean shutdown() {
    return this == STOPPED;
  }

  /**
   * On its way out or out: no node should be initialised onto it, and of two instances holding one
   * private address, the other one is the node's.
   */
  public boolean leaving() {
    return this == SHUTTING_DOWN || this == TERMINATED;
  }
}
