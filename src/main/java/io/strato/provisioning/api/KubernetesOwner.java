package io.strato.provisioning.api;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes custom resource that owns a stored resource. A resource has one owner: REST (no
 * marker) or one custom resource, named by the two labels below. Labels are where the store keeps
 * it because they are already stored and served with every resource, so a REST client sees who owns
 * what without a schema change; REST refuses to set them.
 */
public record KubernetesOwner(String kind, String namespace, String name) {

  public static final String LABEL_PREFIX = "kubernetes.strato.io/";
  static final String NAMESPACE_LABEL = LABEL_PREFIX + "namespace";
  static final String NAME_LABEL = LABEL_PREFIX + "name";

  /** The owner named by a stored resource's labels, if a custom resource owns it. */
  public static Optional<KubernetesOwner> of(String kind, Map<String, String> labels) {
    String namespace = labels.get(NAMESPACE_LABEL);
    String name = labels.get(NAME_LABEL);
    return namespace == null || name == null
        ? Optional.empty()
        : Optional.of(new KubernetesOwner(kind, namespace, name));
  }

  /** The user's labels with the owner's marker added. */
  public Map<String, String> mark(Map<String, String> labels) {
    Map<String, String> out = new HashMap<>(labels);
    out.put(NAMESPACE_LABEL, namespace);
    out.put(NAME_LABEL, name);
    return out;
  }

  public String describe() {
    return "the Kubernetes custom resource "
        + kind.toLowerCase()
        + "s.strato.io "
        + namespace
        + "/"
        + name;
  }
}
