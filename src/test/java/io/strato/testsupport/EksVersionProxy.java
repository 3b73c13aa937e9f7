package io.strato.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP proxy in front of moto that fills a moto gap: moto 5.2.1 answers 404 to EKS's
 * UpdateClusterVersion ({@code POST /clusters/{name}/updates}). The proxy implements that one call
 * the way EKS does, and forwards everything else to moto verbatim:
 *
 * <ul>
 *   <li>UpdateClusterVersion accepts exactly the next minor version of the cluster (EKS refuses a
 *       skip, a downgrade or the same version with InvalidParameterException), remembers it, and
 *       answers an {@code InProgress} VersionUpdate like EKS;
 *   <li>UpdateClusterVersion is refused (InvalidRequestException) while a node group still runs an
 *       older version than the control plane, as EKS refuses it;
 *   <li>UpdateNodegroupVersion accepts the control plane's version only, and from then on
 *       DescribeNodegroup reports it (moto keeps the version the node group was created with);
 *   <li>the next DescribeCluster of that cluster reports it {@code UPDATING} at the old version, as
 *       EKS does while it upgrades; the ones after report {@code ACTIVE} at the new version (the
 *       proxy rewrites the {@code version} and {@code status} fields of moto's answer);
 *   <li>UpdateClusterConfig with an {@code upgradePolicy} (moto ignores the field and answers a
 *       cluster, not an update) is played the same way: refused with ResourceInUseException while
 *       another update runs or when it carries a second kind of change, answered with an {@code
 *       UpgradePolicyUpdate}, the cluster {@code UPDATING} at the old support type for one look and
 *       at the new one after.
 * </ul>
 *
 * It also plays EKS access entries and the CreateCluster fields moto drops ({@link
 * EksAccessEntriesFake}). Test-only; moto does not check request signatures, so forwarding the
 * SDK's headers works.
 */
public final class EksVersionProxy implements AutoCloseable {

  private static final Pattern UPDATES = Pattern.compile("^/clusters/([^/]+)/updates$");
  private static final Pattern CONFIG = Pattern.compile("^/clusters/([^/]+)/update-config$");
  private static final Pattern CLUSTER = Pattern.compile("^/clusters/([^/]+)$");
  private static final Pattern NODEGROUP_UPDATE =
      Pattern.compile("^/clusters/([^/]+)/node-groups/([^/]+)/update-version$");
  private static final Pattern NODEGROUP =
      Pattern.compile("^/clusters/([^/]+)/node-groups/([^/]+)$");
  private static final Set<String> HOP_HEADERS =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  /** One accepted UpdateClusterVersion ({@code nodegroup} null) or UpdateNodegroupVersion. */
  public record VersionUpdate(String cluster, String nodegroup, String version) {}

  /** One accepted UpdateClusterConfig that changed the upgrade policy. */
  public record SupportTypeUpdate(String cluster, String supportType) {}

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI moto;
  private final HttpServer server;
  private final Map<String, String> versions = new ConcurrentHashMap<>();
  private final Map<String, String> nodegroupVersions = new ConcurrentHashMap<>();
  private final Map<String, Integer> updatingPolls = new ConcurrentHashMap<>();
  private final List<VersionUpdate> updates = new CopyOnWriteArrayList<>();
  private final Map<String, String> supportTypes = new ConcurrentHashMap<>();
  private final Map<String, String> previousSupportTypes = new ConcurrentHashMap<>();
  private final List<SupportTypeUpdate> supportTypeUpdates = new CopyOnWriteArrayList<>();
  private final EksAccessEntriesFake access = new EksAccessEntriesFake();

  private EksVersionProxy(URI moto) throws IOException {
    this.moto = moto;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public static EksVersionProxy in(URI moto) {
    try {
      return new EksVersionProxy(moto);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Access entries and the CreateCluster fields moto drops. */
  public EksAccessEntriesFake access() {
    return access;
  }

  /** The UpdateClusterVersion calls the proxy accepted, in order. */
  public List<VersionUpdate> updates() {
    return List.copyOf(updates);
  }

  /** The upgrade-policy changes the proxy accepted, in order. */
  public List<SupportTypeUpdate> supportTypeUpdates() {
    return List.copyOf(supportTypeUpdates);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      Matcher config = CONFIG.matcher(path);
      if ("POST".equals(exchange.getRequestMethod())
          && config.matches()
          && json.readTree(body).has("upgradePolicy")) {
        updateSupportType(exchange, config.group(1), json.readTree(body));
        return;
      }
      Matcher update = UPDATES.matcher(path);
      if ("POST".equals(exchange.getRequestMethod()) && update.matches()) {
        updateVersion(exchange, update.group(1), body);
        return;
      }
      Matcher ngUpdate = NODEGROUP_UPDATE.matcher(path);
      if ("POST".equals(exchange.getRequestMethod()) && ngUpdate.matches()) {
        updateNodegroupVersion(exchange, ngUpdate.group(1), ngUpdate.group(2), body);
        return;
      }
      EksAccessEntriesFake.Answer entry =
          access.handle(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), body);
      if (entry != null) {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (entry.errorCode() != null) {
          exchange.getResponseHeaders().add("x-amzn-ErrorType", entry.errorCode());
        }
        send(exchange, entry.status(), json.writeValueAsBytes(entry.body()));
        return;
      }
      HttpResponse<byte[]> answer = forward(exchange, body);
      byte[] out = answer.body();
      if ("POST".equals(exchange.getRequestMethod())
          && "/clusters".equals(path)
          && answer.statusCode() == 200) {
        access.clusterCreated(body);
      }
      Matcher cluster = CLUSTER.matcher(path);
      if ("GET".equals(exchange.getRequestMethod())
          && cluster.matches()
          && answer.statusCode() == 200) {
        ObjectNode root = (ObjectNode) json.readTree(out);
        access.describe(cluster.group(1), (ObjectNode) root.path("cluster"));
        out = json.writeValueAsBytes(root);
      }
      if ("GET".equals(exchange.getRequestMethod())
          && cluster.matches()
          && answer.statusCode() == 200
          && (versions.containsKey(cluster.group(1))
              || supportTypes.containsKey(cluster.group(1)))) {
        out = rewriteDescribe(cluster.group(1), out);
      }
      Matcher nodegroup = NODEGROUP.matcher(path);
      if ("GET".equals(exchange.getRequestMethod())
          && nodegroup.matches()
          && answer.statusCode() == 200
          && nodegroupVersions.containsKey(nodegroup.group(1) + "/" + nodegroup.group(2))) {
        ObjectNode root = (ObjectNode) json.readTree(out);
        ((ObjectNode) root.path("nodegroup"))
            .put("version", nodegroupVersions.get(nodegroup.group(1) + "/" + nodegroup.group(2)));
        out = json.writeValueAsBytes(root);
      }
      answer
          .headers()
          .map()
          .forEach(
              (k, v) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase())) {
                  exchange.getResponseHeaders().put(k, v);
                }
              });
      send(exchange, answer.statusCode(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      exchange.close();
    }
  }

  private void updateVersion(HttpExchange exchange, String name, byte[] body)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> describe = get(exchange, "/clusters/" + name);
    if (describe.statusCode() != 200) {
      send(exchange, describe.statusCode(), describe.body());
      return;
    }
    JsonNode cluster = json.readTree(describe.body()).path("cluster");
    String current = versions.getOrDefault(name, cluster.path("version").asText());
    String wanted = json.readTree(body).path("version").asText();
    if (updatingPolls.getOrDefault(name, 0) > 0) {
      error(exchange, 409, "ResourceInUseException", "An update is already in progress");
      return;
    }
    if (!wanted.equals(nextMinor(current))) {
      error(
          exchange,
          400,
          "InvalidParameterException",
          "Unsupported Kubernetes minor version update from " + current + " to " + wanted);
      return;
    }
    for (JsonNode ng :
        json.readTree(get(exchange, "/clusters/" + name + "/node-groups").body())
            .path("nodegroups")) {
      String ngVersion = nodegroupVersion(exchange, name, ng.asText());
      if (!ngVersion.equals(current)) {
        error(
            exchange,
            400,
            "InvalidRequestException",
            "Nodegroup "
                + ng.asText()
                + " must be updated to match cluster version "
                + current
                + " before updating cluster version");
        return;
      }
    }
    versions.put(name, wanted);
    updatingPolls.put(name, 1);
    updates.add(new VersionUpdate(name, null, wanted));
    updateAnswer(exchange, wanted);
  }

  private void updateSupportType(HttpExchange exchange, String name, JsonNode request)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> describe = get(exchange, "/clusters/" + name);
    if (describe.statusCode() != 200) {
      send(exchange, describe.statusCode(), describe.body());
      return;
    }
    if (updatingPolls.getOrDefault(name, 0) > 0) {
      error(exchange, 409, "ResourceInUseException", "An update is already in progress");
      return;
    }
    // EKS takes one kind of change per UpdateClusterConfig.
    for (String other : List.of("resourcesVpcConfig", "logging", "accessConfig")) {
      if (request.has(other)) {
        error(
            exchange,
            400,
            "InvalidParameterException",
            "Only one type of update can be allowed: upgradePolicy and " + other);
        return;
      }
    }
    String wanted = request.path("upgradePolicy").path("supportType").asText();
    if (!Set.of("STANDARD", "EXTENDED").contains(wanted)) {
      error(exchange, 400, "InvalidParameterException", "Unsupported supportType " + wanted);
      return;
    }
    ObjectNode reported = (ObjectNode) json.readTree(describe.body()).path("cluster");
    access.describe(name, reported);
    previousSupportTypes.put(
        name,
        supportTypes.getOrDefault(
            name, reported.path("upgradePolicy").path("supportType").asText()));
    supportTypes.put(name, wanted);
    updatingPolls.put(name, 1);
    supportTypeUpdates.add(new SupportTypeUpdate(name, wanted));
    ObjectNode answer = json.createObjectNode();
    ObjectNode u = answer.putObject("update");
    u.put("id", UUID.randomUUID().toString());
    u.put("status", "InProgress");
    u.put("type", "UpgradePolicyUpdate");
    u.putArray("params").addObject().put("type", "UpgradePolicy").put("value", wanted);
    u.put("createdAt", System.currentTimeMillis() / 1000.0);
    u.putArray("errors");
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    send(exchange, 200, json.writeValueAsBytes(answer));
  }

  private void updateNodegroupVersion(HttpExchange exchange, String name, String ng, byte[] body)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> describe = get(exchange, "/clusters/" + name + "/node-groups/" + ng);
    if (describe.statusCode() != 200) {
      send(exchange, describe.statusCode(), describe.body());
      return;
    }
    String clusterVersion =
        versions.getOrDefault(
            name,
            json.readTree(get(exchange, "/clusters/" + name).body())
                .path("cluster")
                .path("version")
                .asText());
    String wanted = json.readTree(body).path("version").asText(clusterVersion);
    if (!wanted.equals(clusterVersion)) {
      error(
          exchange,
          400,
          "InvalidParameterException",
          "Requested Kubernetes version "
              + wanted
              + " differs from the cluster's "
              + clusterVersion);
      return;
    }
    nodegroupVersions.put(name + "/" + ng, wanted);
    updates.add(new VersionUpdate(name, ng, wanted));
    updateAnswer(exchange, wanted);
  }

  private String nodegroupVersion(HttpExchange exchange, String cluster, String ng)
      throws IOException, InterruptedException {
    String remembered = nodegroupVersions.get(cluster + "/" + ng);
    if (remembered != null) {
      return remembered;
    }
    return json.readTree(get(exchange, "/clusters/" + cluster + "/node-groups/" + ng).body())
        .path("nodegroup")
        .path("version")
        .asText();
  }

  private HttpResponse<byte[]> get(HttpExchange exchange, String path)
      throws IOException, InterruptedException {
    return http.send(
        copyHeaders(exchange, HttpRequest.newBuilder(moto.resolve(path)).GET()),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private void updateAnswer(HttpExchange exchange, String wanted) throws IOException {
    ObjectNode answer = json.createObjectNode();
    ObjectNode u = answer.putObject("update");
    u.put("id", UUID.randomUUID().toString());
    u.put("status", "InProgress");
    u.put("type", "VersionUpdate");
    u.putArray("params").addObject().put("type", "Version").put("value", wanted);
    u.put("createdAt", System.currentTimeMillis() / 1000.0);
    u.putArray("errors");
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    send(exchange, 200, json.writeValueAsBytes(answer));
  }

  /**
   * UPDATING at the old version (or support type) for the first look after an update, then ACTIVE
   * at the new.
   */
  private byte[] rewriteDescribe(String name, byte[] body) throws IOException {
    ObjectNode root = (ObjectNode) json.readTree(body);
    ObjectNode cluster = (ObjectNode) root.path("cluster");
    int polls = updatingPolls.getOrDefault(name, 0);
    boolean policyUpdating = polls > 0 && previousSupportTypes.containsKey(name);
    if (polls > 0) {
      updatingPolls.put(name, polls - 1);
      cluster.put("status", "UPDATING");
    }
    if (versions.containsKey(name)) {
      // The old version while upgrading: EKS reports the new one only once the upgrade finished.
      cluster.put(
          "version",
          polls > 0 && !policyUpdating ? previousMinor(versions.get(name)) : versions.get(name));
    }
    if (supportTypes.containsKey(name)) {
      cluster
          .putObject("upgradePolicy")
          .put(
              "supportType",
              policyUpdating ? previousSupportTypes.get(name) : supportTypes.get(name));
    }
    if (policyUpdating && polls == 1) {
      previousSupportTypes.remove(name);
    }
    return json.writeValueAsBytes(root);
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    URI target = moto.resolve(exchange.getRequestURI().toString());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(copyHeaders(exchange, request), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpRequest copyHeaders(HttpExchange exchange, HttpRequest.Builder request) {
    exchange
        .getRequestHeaders()
        .forEach(
            (k, values) -> {
              if (!HOP_HEADERS.contains(k.toLowerCase())) {
                values.forEach(v -> request.header(k, v));
              }
            });
    return request.build();
  }

  private void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.getResponseHeaders().add("x-amzn-ErrorType", code);
    ObjectNode body = json.createObjectNode().put("message", message);
    send(exchange, status, json.writeValueAsBytes(body));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String nextMinor(String version) {
    String[] p = version.split("\\.");
    return p[0] + "." + (Integer.parseInt(p[1]) + 1);
  }

  private static String previousMinor(String version) {
    String[] p = version.split("\\.");
    return p[0] + "." + (Integer.parseInt(p[1]) - 1);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
