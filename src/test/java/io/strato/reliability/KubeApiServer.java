package io.strato.reliability;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;

/**
 * One Kubernetes API for several OS processes: the Fabric8 mock server in CRUD mode, on plain HTTP
 * on a loopback port, so packaged Strato jars reach it by URL (no certificates to trust) and the
 * campaign reads and writes the same objects through its own client.
 */
final class KubeApiServer implements AutoCloseable {

  /** Held so the level sticks: the mock server logs every request at INFO. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  /** The objects: kept across a stop and start, as etcd outlives an API server restart. */
  private final KubernetesCrudDispatcher objects;

  private final int port;
  private final KubernetesClient client;
  private KubernetesMockServer server;

  private KubeApiServer(KubernetesCrudDispatcher objects, KubernetesMockServer server) {
    this.objects = objects;
    this.server = server;
    this.port = server.getPort();
    this.client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl(url())
                    .withNamespace("default")
                    .withTrustCerts(true)
                    .build())
            .build();
  }

  static KubeApiServer start() {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    KubernetesCrudDispatcher objects = new KubernetesCrudDispatcher();
    return new KubeApiServer(objects, serve(objects, 0));
  }

  private static KubernetesMockServer serve(KubernetesCrudDispatcher objects, int port) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), objects, false);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return server;
  }

  /**
   * Stops serving: open watch streams break and every request is refused, as when the API server
   * goes down. The objects are kept for {@link #startAgain()}.
   */
  void stop() {
    server.destroy();
  }

  /** Serves the same objects on the same port again, as an API server restarted on its address. */
  void startAgain() {
    server = serve(objects, port);
  }

  /**
   * Runs {@code change} against the same objects through a second, short-lived endpoint on another
   * port, while this one may be stopped: changes a client of this endpoint can only learn about by
   * listing again (the mock's watches ignore resourceVersion, so a resumed watch would never replay
   * them).
   */
  void changeBehindItsBack(java.util.function.Consumer<KubernetesClient> change) {
    KubernetesMockServer other = serve(objects, 0);
    try (KubernetesClient otherClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + other.getPort())
                    .withNamespace("default")
                    .build())
            .build()) {
      change.accept(otherClient);
    } finally {
      other.destroy();
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
