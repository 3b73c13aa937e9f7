package io.strato.controller;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The list calls the CCM made, counted where they land: in the requests the Fabric8 mock API server
 * records. A list is a GET of a collection ({@code /api/v1/nodes}, {@code
 * /api/v1/namespaces/x/services}) that is not a watch; a GET of one object is not one.
 */
final class ApiListCalls {

  private final KubernetesMockServer server;

  ApiListCalls(KubernetesMockServer server) {
    this.server = server;
  }

  /** Forgets every request recorded so far (the informers' start-up lists among them). */
  void reset() throws InterruptedException {
    drain();
  }

  /**
   * The CCM's list calls since the last reset or drain, by path and query; its watches, single GETs
   * and writes, and every request of other clients, are not counted.
   */
  Map<String, Long> drain() throws InterruptedException {
    Map<String, Long> lists = new TreeMap<>();
    RecordedRequest r;
    while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if (isList(r) && RunningCcm.USER_AGENT.equals(r.getHeader("User-Agent"))) {
        lists.merge(r.getPath(), 1L, Long::sum);
      }
    }
    return lists;
  }

  private static boolean isList(RecordedRequest r) {
    String[] pathAndQuery = r.getPath().split("\\?", 2);
    if (!"GET".equals(r.getMethod())
        || (pathAndQuery.length == 2 && pathAndQuery[1].contains("watch=true"))) {
      return false;
    }
    String[] segments = pathAndQuery[0].replaceFirst("^/", "").split("/");
    // After api/v1 or apis/<group>/<version>: a collection has an odd number of segments.
    int prefix = segments[0].equals("api") ? 2 : 3;
    return segments.length > prefix && (segments.length - prefix) % 2 == 1;
  }
}
