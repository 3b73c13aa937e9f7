package io.strato.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.provisioning.cluster.ClusterSpecs;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.Quiet;
import io.strato.testsupport.Tokens;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile bodies against every PUT endpoint. Whatever arrives, the answer is never a
 * 5xx; a rejection is an application/problem+json 4xx that stores nothing and calls no cloud. The
 * few hostile-looking bodies that are in fact valid (a unicode tag value) are accepted, then
 * deleted again, and counted separately.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
class HostileInputTest {

  private static final String SUBNETS =
      ClusterSpecs.subnets(
          List.of("subnet-0000000a", "subnet-0000000b", "subnet-0000000c"),
          List.of("us-east-1a", "us-east-1b", "us-east-1c"));
  private static final String AMI = "ami-12345678";
  private static final String LB_SPEC = "{\"listeners\": [{\"port\": 80}]}";
  private static final String NG_SPEC =
      """
      {"imageId": "ami-0123456789abcdef0", "instanceType": "t3.small",
       "subnetIds": ["subnet-0123456789abcdef0"], "minSize": 0, "maxSize": 2}""";
  private static final String CLUSTER_SPEC = ClusterSpecs.selfManaged(SUBNETS, AMI, "1.31", 1);

  /** An endpoint with a valid spec to break. */
  record Kind(String collection, String validSpec) {
    String path(String name) {
      return "/api/v1/" + collection + "/" + name;
    }
  }

  private static final List<Kind> KINDS =
      List.of(
          new Kind("load-balancers", LB_SPEC),
          new Kind("node-groups", NG_SPEC),
          new Kind("clusters", CLUSTER_SPEC));

  private static final List<String> INJECTIONS =
      List.of(
          "'; DROP TABLE resources; --",
          "\" OR 1=1 --",
          "$(rm -rf /)",
          "`id`",
          "; cat /etc/passwd",
          "../../../../etc/passwd",
          "..%2F..%2Fetc%2Fpasswd",
          "${jndi:ldap://127.0.0.1:1389/a}",
          "${env:AWS_SECRET_ACCESS_KEY}",
          "<script>alert(1)</script>",
          "%00",
          "\u0000",
          "\u202e\u0007\u001b[31m",
          "😀🚀",
          "\ud800");

  @Inject CloudCallMetrics calls;

  private static final List<String> accepted = new ArrayList<>();
  private static final java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
  private static int cases;

  /** Set after an accepted case, whose reconcile and delete call the cloud in the background. */
  private static boolean dirty = true;

  @BeforeEach
  void quiet() {
    if (dirty) {
      Quiet.await(calls, Duration.ofMillis(700));
      dirty = false;
    }
  }

  @AfterAll
  static void report() {
    System.out.printf(
        "[hostile-input] cases=%d rejected=%d accepted-as-valid=%d statuses=%s accepted=%s%n",
        cases, cases - accepted.size(), accepted.size(), statuses, accepted);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void neverAServerError(String why, Kind kind, String name, byte[] body) {
    cases++;
    long before = calls.total();
    Response r = put(kind.path(name), body);
    int status = r.statusCode();
    assertThat(status).as("%s → %s", why, r.asString()).isLessThan(500);
    statuses.merge(status, 1, Integer::sum);
    if (status == 414) {
      // A request line over 16 KiB is refused by Vert.x before any route runs, with no body:
      // there is no hook to shape it. Names are limited far below that (a 5,000-character name
      // gets a problem naming the field).
      assertThat(calls.total()).as("no cloud call for an oversized request").isEqualTo(before);
      return;
    }
    if (status >= 400) {
      assertThat(r.contentType()).as(why).startsWith("application/problem+json");
      assertThat(calls.total()).as("no cloud call for invalid input: " + why).isEqualTo(before);
      assertThat(get(kind.path(name)).statusCode()).as("nothing stored: " + why).isIn(400, 404);
      return;
    }
    accepted.add(why);
    dirty = true;
    deleteAndWait(kind.path(name));
  }

  static Stream<Arguments> corpus() {
    List<Arguments> all = new ArrayList<>();
    for (Kind kind : KINDS) {
      String k = kind.collection() + ": ";
      String spec = kind.validSpec();
      add(all, k + "malformed JSON", kind, "h", "{\"spec\": " + spec.substring(0, 20));
      add(all, k + "not JSON at all", kind, "h", "\u0000\u0001\u0002garbage");
      add(all, k + "empty object", kind, "h", "{}");
      add(all, k + "null", kind, "h", "null");
      add(all, k + "a bare string", kind, "h", "\"spec\"");
      add(all, k + "spec is null", kind, "h", "{\"spec\": null}");
      add(all, k + "spec is a number", kind, "h", "{\"spec\": 1e400}");
      add(all, k + "duplicate keys", kind, "h", "{\"spec\": " + spec + ", \"spec\": " + spec + "}");
      add(all, k + "duplicate spec keys", kind, "h", "{\"spec\": " + dupFirstKey(spec) + "}");
      add(
          all,
          k + "huge body",
          kind,
          "h",
          "{\"spec\": " + spec + ", \"pad\": \"" + pad(1_200_000) + "\"}");
      add(all, k + "huge string within limit", kind, "h", withTag(spec, "big", pad(900_000)));
      add(
          all,
          k + "deep arrays",
          kind,
          "h",
          "{\"spec\": " + spec + ", \"x\": " + nested("[", "]", 10_000) + "}");
      add(
          all,
          k + "deep objects",
          kind,
          "h",
          "{\"spec\": " + spec + ", \"x\": " + nestedObjects(10_000) + "}");
      add(
          all,
          k + "deep arrays inside spec",
          kind,
          "h",
          withTagValueRaw(spec, nested("[", "]", 10_000)));
      add(all, k + "invalid UTF-8", kind, "h", null);
      add(
          all,
          k + "control characters in a tag key",
          kind,
          "h",
          withTag(spec, "a\u0007\u0000b", "v"));
      add(all, k + "thousand tags", kind, "h", withTags(spec, 1000));
      add(
          all,
          k + "label value injection",
          kind,
          "h",
          "{\"metadata\": {\"labels\": {\"a\": \"$(id)\"}}, \"spec\": " + spec + "}");
      for (int i = 0; i < INJECTIONS.size(); i++) {
        String bad = INJECTIONS.get(i);
        add(
            all,
            k + "injection " + i + " as tag value",
            kind,
            "hostile-" + i,
            withTag(spec, "team", bad));
        add(all, k + "injection " + i + " as tag key", kind, "h", withTag(spec, bad, "x"));
        add(
            all,
            k + "injection " + i + " in metadata.name",
            kind,
            "h",
            "{\"metadata\": {\"name\": " + quote(bad) + "}, \"spec\": " + spec + "}");
      }
      for (String name :
          List.of(
              "..",
              "%2e%2e",
              "a%2Fb",
              "%00",
              "%E2%80%AE",
              "x".repeat(5000),
              "x".repeat(20_000),
              "%24%7Bjndi:x%7D",
              "a;b",
              "'or'1'='1")) {
        add(all, k + "name " + abbrev(name), kind, name, "{\"spec\": " + spec + "}");
      }
    }
    Kind lb = KINDS.get(0);
    Kind ng = KINDS.get(1);
    Kind cl = KINDS.get(2);
    add(
        all,
        "lb: a thousand listeners",
        lb,
        "h",
        "{\"spec\": {\"listeners\": [" + listeners(1000) + "]}}");
    add(all, "lb: huge port", lb, "h", "{\"spec\": {\"listeners\": [{\"port\": 1e308}]}}");
    add(
        all,
        "lb: bigint port",
        lb,
        "h",
        "{\"spec\": {\"listeners\": [{\"port\": " + "9".repeat(5000) + "}]}}");
    add(all, "lb: NaN port", lb, "h", "{\"spec\": {\"listeners\": [{\"port\": NaN}]}}");
    add(all, "lb: negative zero port", lb, "h", "{\"spec\": {\"listeners\": [{\"port\": -0}]}}");
    add(all, "lb: min int port", lb, "h", "{\"spec\": {\"listeners\": [{\"port\": -2147483648}]}}");
    add(
        all,
        "lb: huge health check",
        lb,
        "h",
        "{\"spec\": {\"listeners\": [{\"port\": 80, \"healthCheck\": {\"intervalSeconds\": 2147483647, \"healthyThreshold\": -5}}]}}");
    add(
        all,
        "ng: negative sizes",
        ng,
        "h",
        "{\"spec\": " + NG_SPEC.replace("\"minSize\": 0", "\"minSize\": -2147483648") + "}");
    add(
        all,
        "ng: huge sizes",
        ng,
        "h",
        "{\"spec\": " + NG_SPEC.replace("\"maxSize\": 2", "\"maxSize\": 2147483647") + "}");
    add(
        all,
        "ng: 1e308 size",
        ng,
        "h",
        "{\"spec\": " + NG_SPEC.replace("\"maxSize\": 2", "\"maxSize\": 1e308") + "}");
    add(
        all,
        "ng: a thousand subnets",
        ng,
        "h",
        "{\"spec\": " + NG_SPEC.replace("[\"subnet-0123456789abcdef0\"]", subnets(1000)) + "}");
    add(
        all,
        "cluster: a thousand node groups",
        cl,
        "h",
        "{\"spec\": "
            + CLUSTER_SPEC.replaceFirst(
                "\"nodeGroups\": \\[", "\"nodeGroups\": [" + nodeGroups(1000))
            + "}");
    add(
        all,
        "cluster: negative replicas",
        cl,
        "h",
        "{\"spec\": " + CLUSTER_SPEC.replace("\"replicas\": 3", "\"replicas\": -3") + "}");
    add(
        all,
        "cluster: huge replicas",
        cl,
        "h",
        "{\"spec\": " + CLUSTER_SPEC.replace("\"replicas\": 3", "\"replicas\": 2147483647") + "}");
    add(
        all,
        "cluster: huge desired",
        cl,
        "h",
        "{\"spec\": "
            + CLUSTER_SPEC.replace(
                "\"desiredCapacity\": 1", "\"desiredCapacity\": 99999999999999999999")
            + "}");
    add(
        all,
        "cluster: version injection",
        cl,
        "h",
        "{\"spec\": " + CLUSTER_SPEC.replace("\"1.31\"", "\"1.31; rm -rf /\"") + "}");
    add(
        all,
        "cluster: node group name traversal",
        cl,
        "h",
        "{\"spec\": " + CLUSTER_SPEC.replace("\"workers\"", "\"../../etc\"") + "}");
    add(
        all,
        "cluster: user data injection in ami",
        cl,
        "h",
        "{\"spec\": " + CLUSTER_SPEC.replace("\"" + AMI + "\"", "\"${jndi:ldap://x}\"") + "}");
    return all.stream();
  }

  // --- corpus builders -------------------------------------------------------------------------

  private static void add(List<Arguments> all, String why, Kind kind, String name, String body) {
    byte[] bytes =
        body == null ? invalidUtf8(kind.validSpec()) : body.getBytes(StandardCharsets.UTF_8);
    all.add(
        Arguments.of(
            why,
            Named.of(kind.collection(), kind),
            name,
            Named.of(bytes.length + " bytes", bytes)));
  }

  private static byte[] invalidUtf8(String spec) {
    byte[] head = ("{\"metadata\": {\"labels\": {\"a\": \"").getBytes(StandardCharsets.UTF_8);
    byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};
    byte[] tail = ("\"}}, \"spec\": " + spec + "}").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + bad.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
    return all;
  }

  /** Adds or replaces {@code tags} in a spec; every valid spec here is an object ending in '}'. */
  private static String withTag(String spec, String key, String value) {
    return withTagsRaw(spec, "{" + quote(key) + ": " + quote(value) + "}");
  }

  private static String withTagValueRaw(String spec, String raw) {
    return withTagsRaw(spec, "{\"a\": " + raw + "}");
  }

  private static String withTags(String spec, int n) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"v\"");
    }
    return withTagsRaw(spec, b.append("}").toString());
  }

  private static String withTagsRaw(String spec, String tags) {
    String s = spec.strip().replaceAll("\"tags\":\\s*\\{[^}]*\\},?", "");
    s = s.substring(0, s.length() - 1).stripTrailing();
    if (s.endsWith(",")) {
      s = s.substring(0, s.length() - 1);
    }
    return "{\"spec\": " + s + ", \"tags\": " + tags + "}}";
  }

  /** The spec's first field, given twice: once as a string, then as the valid value. */
  private static String dupFirstKey(String spec) {
    String s = spec.strip();
    int open = s.indexOf('"');
    String key = s.substring(open, s.indexOf('"', open + 1) + 1);
    return "{" + key + ": \"dup\", " + s.substring(1);
  }

  private static String nested(String open, String close, int depth) {
    return open.repeat(depth) + close.repeat(depth);
  }

  private static String nestedObjects(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  private static String pad(int n) {
    return "a".repeat(n);
  }

  private static String listeners(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("{\"port\": ").append(1000 + i).append("}");
    }
    return b.toString();
  }

  private static String subnets(int n) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append(String.format("\"subnet-%017x\"", i));
    }
    return b.append("]").toString();
  }

  private static String nodeGroups(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(
          """
          {"name": "g%d", "imageId": "%s", "instanceType": "m6i.large", "minSize": 1, "maxSize": 2, "desiredCapacity": 1},"""
              .formatted(i, AMI));
    }
    return b.toString();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static String abbrev(String s) {
    return s.length() > 20 ? s.substring(0, 10) + "…(" + s.length() + ")" : s;
  }

  // --- HTTP ----------------------------------------------------------------------------------

  private static Response put(String path, byte[] body) {
    return given()
        .urlEncodingEnabled(false)
        .header("Authorization", "Bearer " + Tokens.operator())
        .contentType("application/json")
        .body(body)
        .put(path);
  }

  private static Response get(String path) {
    return given()
        .urlEncodingEnabled(false)
        .header("Authorization", "Bearer " + Tokens.viewer())
        .get(path);
  }

  private static void deleteAndWait(String path) {
    given()
        .urlEncodingEnabled(false)
        .header("Authorization", "Bearer " + Tokens.operator())
        .delete(path);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> get(path).statusCode() == 404);
  }
}
