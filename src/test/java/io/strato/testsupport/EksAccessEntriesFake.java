package io.strato.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EKS access entries and the CreateCluster fields moto 5.2.1 drops ({@code accessConfig}, {@code
 * upgradePolicy}), played by {@link EksVersionProxy} over the wire the way EKS documents them:
 * CreateCluster with {@code bootstrapClusterCreatorAdminPermissions} makes an entry for the caller
 * ({@link #CREATOR}, untagged); CreateAccessEntry answers ResourceInUseException for a principal
 * that has one; DescribeCluster reports the authentication mode asked for; and the entries, their
 * tags and associated policies can be read back.
 */
public final class EksAccessEntriesFake {

  /** The identity the test's credentials stand for. */
  public static final String CREATOR = "arn:aws:iam::123456789012:role/strato-controller";

  private static final Pattern ENTRIES = Pattern.compile("^/clusters/([^/]+)/access-entries$");
  private static final Pattern ENTRY =
      Pattern.compile("^/clusters/([^/]+)/access-entries/([^/]+)$");
  private static final Pattern POLICIES =
      Pattern.compile("^/clusters/([^/]+)/access-entries/([^/]+)/access-policies$");

  /** One access entry: its tags and the policy ARNs associated with cluster scope. */
  public record Entry(Map<String, String> tags, Set<String> clusterPolicies) {}

  /** An answer for the proxy to send. */
  record Answer(int status, String errorCode, JsonNode body) {}

  private final ObjectMapper json = new ObjectMapper();
  private final List<JsonNode> creates = new CopyOnWriteArrayList<>();
  private final Map<String, Map<String, Entry>> entries = new ConcurrentHashMap<>();

  /** The CreateCluster bodies Strato sent, in order. */
  public List<JsonNode> createClusterRequests() {
    return List.copyOf(creates);
  }

  public Map<String, Entry> entries(String cluster) {
    return Map.copyOf(entries.getOrDefault(cluster, Map.of()));
  }

  void clusterCreated(byte[] body) throws java.io.IOException {
    JsonNode request = json.readTree(body);
    creates.add(request);
    Map<String, Entry> mine =
        entries.computeIfAbsent(request.path("name").asText(), k -> new ConcurrentHashMap<>());
    if (request
        .path("accessConfig")
        .path("bootstrapClusterCreatorAdminPermissions")
        .asBoolean(true)) {
      mine.putIfAbsent(CREATOR, new Entry(Map.of(), ConcurrentHashMap.newKeySet()));
      mine.get(CREATOR)
          .clusterPolicies()
          .add("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
    }
  }

  /** Adds what EKS reports and moto does not: the authentication mode and upgrade policy. */
  void describe(String cluster, ObjectNode answer) {
    creates.stream()
        .filter(c -> c.path("name").asText().equals(cluster))
        .reduce((a, b) -> b)
        .ifPresent(
            c -> {
              ObjectNode access = answer.putObject("accessConfig");
              access.put(
                  "authenticationMode",
                  c.path("accessConfig").path("authenticationMode").asText("CONFIG_MAP"));
              answer
                  .putObject("upgradePolicy")
                  .put(
                      "supportType",
                      c.path("upgradePolicy").path("supportType").asText("EXTENDED"));
            });
  }

  /** The answer to an access-entry call, or null when the path is not one. */
  Answer handle(String method, String rawPath, byte[] body) throws java.io.IOException {
    Matcher m = POLICIES.matcher(rawPath);
    if (m.matches()) {
      Entry e = entries.getOrDefault(m.group(1), Map.of()).get(decode(m.group(2)));
      if (e == null) {
        return new Answer(404, "ResourceNotFoundException", message("no access entry"));
      }
      if ("POST".equals(method)) {
        JsonNode request = json.readTree(body);
        if ("cluster".equals(request.path("accessScope").path("type").asText())) {
          e.clusterPolicies().add(request.path("policyArn").asText());
        }
        ObjectNode out = json.createObjectNode();
        out.put("clusterName", m.group(1)).put("principalArn", decode(m.group(2)));
        return new Answer(200, null, out);
      }
      ObjectNode out = json.createObjectNode();
      ArrayNode list = out.putArray("associatedAccessPolicies");
      e.clusterPolicies()
          .forEach(
              p ->
                  list.addObject()
                      .put("policyArn", p)
                      .putObject("accessScope")
                      .put("type", "cluster"));
      return new Answer(200, null, out);
    }
    m = ENTRY.matcher(rawPath);
    if (m.matches()) {
      Map<String, Entry> mine = entries.getOrDefault(m.group(1), Map.of());
      String principal = decode(m.group(2));
      Entry e = mine.get(principal);
      if (e == null) {
        return new Answer(404, "ResourceNotFoundException", message("no access entry"));
      }
      if ("DELETE".equals(method)) {
        mine.remove(principal);
        return new Answer(200, null, json.createObjectNode());
      }
      ObjectNode out = json.createObjectNode();
      ObjectNode entry = out.putObject("accessEntry");
      entry.put("principalArn", principal).put("clusterName", m.group(1));
      ObjectNode tags = entry.putObject("tags");
      e.tags().forEach(tags::put);
      return new Answer(200, null, out);
    }
    m = ENTRIES.matcher(rawPath);
    if (m.matches()) {
      Map<String, Entry> mine = entries.computeIfAbsent(m.group(1), k -> new ConcurrentHashMap<>());
      if ("POST".equals(method)) {
        JsonNode request = json.readTree(body);
        String principal = request.path("principalArn").asText();
        if (mine.containsKey(principal)) {
          return new Answer(
              409,
              "ResourceInUseException",
              message("The specified access entry resource is already in use on this cluster."));
        }
        Map<String, String> tags = new ConcurrentHashMap<>();
        request
            .path("tags")
            .fields()
            .forEachRemaining(t -> tags.put(t.getKey(), t.getValue().asText()));
        mine.put(principal, new Entry(tags, ConcurrentHashMap.newKeySet()));
        ObjectNode out = json.createObjectNode();
        out.putObject("accessEntry").put("principalArn", principal);
        return new Answer(200, null, out);
      }
      ObjectNode out = json.createObjectNode();
      ArrayNode list = out.putArray("accessEntries");
      mine.keySet().forEach(list::add);
      return new Answer(200, null, out);
    }
    return null;
  }

  private JsonNode message(String text) {
    return json.createObjectNode().put("message", text);
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }
}
