package io.strato.provisioning.kube;

/** A watched custom resource, as the work queue keys it. */
record CustomResourceKey(String kind, String namespace, String name) {

  /**
   * The name the store keeps: the namespace is part of it, so two namespaces may each have a {@code
   * prod} cluster. Names stay DNS labels (they end up in cloud names), so the two are joined with
   * '-'; that can collide ({@code a-b/c} and {@code a/b-c}), and the owner marker makes the second
   * one a visible conflict instead of a takeover.
   */
  String storedName() {
    return namespace + "-" + name;
  }

  @Override
  public String toString() {
    return kind + " " + namespace + "/" + name;
  }
}
