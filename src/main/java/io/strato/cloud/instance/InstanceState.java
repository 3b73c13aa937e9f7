package io.strato.cloud.instance;

/** An instance's lifecycle, as the node controller needs to see it. */
public enum InstanceState {
  PENDING,
  RUNNING,
  STOPPING,
  STOPPED,
  SHUTTING_DOWN,
  TERMINATED;

  /** The instance is gone or going for good: its Node should be deleted. */
  public boolean gone() {
    return this == SHUTTING_DOWN || this == TERMINATED;
  }

  /** The instance is stopped and may come back: its Node gets the shutdown taint. */
  public boolean shutdown() {
    return this == STOPPING || this == STOPPED;
  }
}
