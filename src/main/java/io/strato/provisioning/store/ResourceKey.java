package io.strato.provisioning.store;

/** Identifies a resource across kinds: the reconcile engine's queue key. */
public record ResourceKey(String kind, String name) {
  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
