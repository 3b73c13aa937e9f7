package io.strato.controller;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Writes core/v1 Events about any object, where {@code kubectl describe} shows them. The one place
 * the CCM controllers record events.
 *
 * <p>A repeated event (a node whose instance stays missing, a Service whose annotation stays bad)
 * is counted on one Event object instead of a new one per retry, as client-go's correlator does:
 * the name derives from the object's UID, the reason and the message, so a second create finds the
 * name taken and bumps the count. Events are best-effort: a failure to write one is logged and
 * never fails a reconcile. Written on the caller's thread, or by an {@link EventWriter} the caller
 * passes, so that the caller does not wait for them.
 */
public final class KubernetesEvents {

  public static final String COMPONENT = "strato-cloud-controller-manager";

  /**
   * Events about cluster-scoped objects (Nodes) live in {@code default}, as client-go puts them.
   */
  static final String CLUSTER_SCOPED_NAMESPACE = "default";

  private static final Logger LOG = Logger.getLogger(KubernetesEvents.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final String component;
  private final Executor writes;

  public KubernetesEvents(KubernetesClient client, Clock clock) {
    this(client, clock, COMPONENT);
  }

  /** Events written by {@code writes} (an {@link EventWriter}), not on the caller's thread. */
  public KubernetesEvents(KubernetesClient client, Clock clock, Executor writes) {
    this(client, clock, COMPONENT, writes);
  }

  /** For another part of Strato that records events, under its own component name. */
  public KubernetesEvents(KubernetesClient client, Clock clock, String component) {
    this(client, clock, component, Runnable::run);
  }

  private KubernetesEvents(
      KubernetesClient client, Clock clock, String component, Executor writes) {
    this.client = client;
    this.clock = clock;
    this.component = component;
    this.writes = writes;
  }

  public void normal(HasMetadata object, String reason, String message) {
    emit(object, "Normal", reason, message);
  }

  public void warning(HasMetadata object, String reason, String message) {
    emit(object, "Warning", reason, message);
  }

  private void emit(HasMetadata object, String type, String reason, String message) {
    String objectName = object.getMetadata().getName();
    String objectNamespace = object.getMetadata().getNamespace();
    String namespace = objectNamespace == null ? CLUSTER_SCOPED_NAMESPACE : objectNamespace;
    String uid = object.getMetadata().getUid();
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    String name = objectName + "." + digest(uid == null ? objectName : uid, reason, message);
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(object.getApiVersion() == null ? "v1" : object.getApiVersion())
            .withKind(object.getKind())
            .withNamespace(objectNamespace)
            .withName(objectName)
            // kubelet and kube-controller-manager use a Node's name as the UID of its events
            .withUid(uid == null ? objectName : uid)
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withNewSource()
            .withComponent(component)
            .endSource()
            .withReportingComponent(component)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    // Built here, so its timestamp is when it happened, not when it was written.
    String kind = object.getKind();
    writes.execute(() -> write(kind, objectName, namespace, name, event, now));
  }

  private void write(
      String kind, String objectName, String namespace, String name, Event event, String now) {
    try {
      try {
        client.v1().events().inNamespace(namespace).resource(event).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        Event seen = client.v1().events().inNamespace(namespace).withName(name).get();
        if (seen == null) {
          return;
        }
        seen.setCount(seen.getCount() == null ? 2 : seen.getCount() + 1);
        seen.setLastTimestamp(now);
        client.v1().events().inNamespace(namespace).resource(seen).update();
      }
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "%s %s: could not record event %s: %s",
          kind, objectName, event.getReason(), e.getMessage());
    }
  }

  private static String digest(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
