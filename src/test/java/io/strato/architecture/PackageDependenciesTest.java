package io.strato.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider boundary, checked on the compiled classes (docs/architecture.md): the controllers
 * and the provisioning side reach a cloud only through the SPI in {@code io.strato.cloud}, never
 * through {@code cloud.aws}, {@code cloud.gcp} or an SDK, gRPC or protobuf type; and Strato's
 * top-level packages form no cycle.
 *
 * <p>The layers, bottom up: {@code reconcile} (the engine, using no other Strato package); {@code
 * cloud} (the SPI: load balancers, node groups, clusters, instances, routes, inventory; it may use
 * {@code reconcile}'s records, never the layers above), with the providers under {@code cloud.aws}
 * and {@code cloud.gcp} (the cluster drivers included); {@code controller} and {@code provisioning}
 * on top; {@code wiring} the composition root, the only package that builds both sides and one no
 * other package depends on. {@code config} holds configuration only. No exception lists remain: the
 * cluster drivers moved behind {@code cloud.cluster} (issue 17), and the package edges that closed
 * a cycle went when the producers moved from {@code config} to {@code wiring}.
 */
class PackageDependenciesTest {

  static final List<String> PROVIDER_PACKAGES =
      List.of(
          "io.strato.cloud.aws.",
          "io.strato.cloud.gcp.",
          "software.amazon.",
          "com.google.",
          "io.grpc.");

  /** Strato's top-level packages the bottom layers (the cloud SPI, the engine) must not use. */
  static final List<String> UPPER_LAYERS =
      List.of(
          "io.strato.provisioning.",
          "io.strato.controller.",
          "io.strato.config.",
          "io.strato.wiring.",
          "io.strato.console.",
          "io.strato.startup.");

  /** Package edges that close a cycle today (an "a -> b" string each). */
  static final Set<String> KNOWN_CYCLE_EDGES = Set.of();

  private static Map<String, Set<String>> refs;

  @BeforeAll
  static void readClasses() throws IOException {
    Path classes = Path.of(System.getProperty("basedir", "."), "target", "classes");
    refs = CompiledClasses.read(classes);
    // The check is only as good as the reading: the graph must see a known reference.
    assertThat(refs.get("io.strato.cloud.aws.AwsCloudProvider"))
        .contains("io.strato.cloud.CloudProvider", "io.strato.cloud.aws.ec2.AwsInstances");
  }

  @Test
  void controllersUseNoProviderOrSdkType() {
    assertThat(violations(refs, "io.strato.controller."))
        .as("controller classes must reach the cloud through io.strato.cloud's interfaces")
        .isEmpty();
  }

  @Test
  void provisioningUsesNoProviderOrSdkType() {
    assertThat(violations(refs, "io.strato.provisioning."))
        .as(
            "provisioning classes must reach a cloud through io.strato.cloud's interfaces (the"
                + " cluster drivers live under cloud/aws and cloud/gcp, behind cloud.cluster)")
        .isEmpty();
  }

  @Test
  void theCloudSpiAndTheEngineUseNoProviderOrSdkType() {
    Map<String, Set<String>> found = violations(refs, "io.strato.reconcile.");
    refs.keySet().stream()
        .filter(c -> c.startsWith("io.strato.cloud."))
        .filter(c -> !c.startsWith("io.strato.cloud.aws.") && !c.startsWith("io.strato.cloud.gcp."))
        .forEach(c -> found.putAll(violations(Map.of(c, refs.get(c)), "io.strato.cloud.")));
    assertThat(found).isEmpty();
  }

  @Test
  void theCloudSpiUsesNeitherTheEngineUsersNorTheirConfiguration() {
    assertThat(upwards(refs, "io.strato.cloud."))
        .as(
            "the cloud SPI (outside cloud.aws and cloud.gcp) is used by the layers above, never uses them")
        .isEmpty();
  }

  @Test
  void theEngineIsTheBottomLayer() {
    assertThat(usesOfOtherStratoPackages(refs, "io.strato.reconcile."))
        .as("reconcile depends on no other Strato package")
        .isEmpty();
  }

  @Test
  void nothingDependsOnTheCompositionRoot() {
    Map<String, Set<String>> graph = packageGraph(refs);
    assertThat(graph).containsKey("wiring");
    graph.forEach(
        (from, to) ->
            assertThat(to).as("%s depends on the composition root", from).doesNotContain("wiring"));
  }

  @Test
  void topLevelPackagesFormNoCycleBeyondTheListedEdges() {
    Map<String, Set<String>> graph = packageGraph(refs);
    for (String edge : KNOWN_CYCLE_EDGES) {
      String[] ends = edge.split(" -> ");
      assertThat(graph.getOrDefault(ends[0], Set.of()))
          .as("%s is gone (good): remove it from KNOWN_CYCLE_EDGES", edge)
          .contains(ends[1]);
      graph.get(ends[0]).remove(ends[1]);
    }
    assertThat(cycle(graph)).as("a cycle between top-level packages (graph %s)", graph).isEmpty();
  }

  /** The checks themselves catch what they are for: an old import, a cycle. */
  @Test
  void theRulesCatchTheOldShapes() {
    Map<String, Set<String>> old =
        Map.of(
            "io.strato.controller.LeadingControllers",
            Set.of("io.strato.cloud.aws.ec2.AwsInstances", "io.strato.cloud.CloudProvider"),
            "io.strato.controller.node.Foo",
            Set.of("software.amazon.awssdk.services.ec2.Ec2Client"));
    assertThat(violations(old, "io.strato.controller.").keySet())
        .containsExactly(
            "io.strato.controller.LeadingControllers", "io.strato.controller.node.Foo");
    Map<String, Set<String>> oldDriver =
        Map.of(
            "io.strato.provisioning.cluster.eks.EksClusterDriver",
            Set.of("io.strato.cloud.aws.eks.AwsEks", "io.strato.cloud.cluster.ClusterDriver"),
            "io.strato.provisioning.cluster.gke.GkeClusterShape",
            Set.of("com.google.container.v1.NodePool"));
    assertThat(violations(oldDriver, "io.strato.provisioning.").keySet())
        .containsExactly(
            "io.strato.provisioning.cluster.eks.EksClusterDriver",
            "io.strato.provisioning.cluster.gke.GkeClusterShape");
    Map<String, Set<String>> upward =
        Map.of(
            "io.strato.cloud.cluster.ClusterContext",
            Set.of("io.strato.provisioning.cluster.ClusterSpecDto"),
            "io.strato.cloud.aws.cluster.eks.EksDesired",
            Set.of("io.strato.provisioning.validation.Validation"),
            "io.strato.reconcile.Controller",
            Set.of("io.strato.cloud.CloudException"));
    assertThat(upwards(upward, "io.strato.cloud.").keySet())
        .containsExactly("io.strato.cloud.cluster.ClusterContext");
    assertThat(usesOfOtherStratoPackages(upward, "io.strato.reconcile.").keySet())
        .containsExactly("io.strato.reconcile.Controller");
    Map<String, Set<String>> cyclic =
        packageGraph(
            Map.of(
                "io.strato.provisioning.ProvisioningEngine",
                Set.of("io.strato.controller.leader.LeaseSettings"),
                "io.strato.controller.X",
                Set.of("io.strato.provisioning.Y")));
    assertThat(cycle(cyclic)).containsExactly("controller", "provisioning", "controller");
  }

  static Map<String, Set<String>> violations(Map<String, Set<String>> refs, String within) {
    Map<String, Set<String>> found = new TreeMap<>();
    refs.forEach(
        (type, uses) -> {
          if (!type.startsWith(within)) {
            return;
          }
          for (String used : uses) {
            if (PROVIDER_PACKAGES.stream().anyMatch(used::startsWith)) {
              found.computeIfAbsent(type, k -> new TreeSet<>()).add(used);
            }
          }
        });
    return found;
  }

  /**
   * Classes under {@code within}, outside cloud.aws and cloud.gcp (the providers may read their
   * configuration), that use an upper layer.
   */
  static Map<String, Set<String>> upwards(Map<String, Set<String>> refs, String within) {
    Map<String, Set<String>> found = new TreeMap<>();
    refs.forEach(
        (type, uses) -> {
          if (!type.startsWith(within)
              || type.startsWith("io.strato.cloud.aws.")
              || type.startsWith("io.strato.cloud.gcp.")) {
            return;
          }
          for (String used : uses) {
            if (UPPER_LAYERS.stream().anyMatch(used::startsWith)) {
              found.computeIfAbsent(type, k -> new TreeSet<>()).add(used);
            }
          }
        });
    return found;
  }

  /** Classes under {@code within} that use a Strato class from outside it. */
  static Map<String, Set<String>> usesOfOtherStratoPackages(
      Map<String, Set<String>> refs, String within) {
    Map<String, Set<String>> found = new TreeMap<>();
    refs.forEach(
        (type, uses) -> {
          if (type.startsWith(within)) {
            uses.stream()
                .filter(u -> u.startsWith("io.strato.") && !u.startsWith(within))
                .forEach(u -> found.computeIfAbsent(type, k -> new TreeSet<>()).add(u));
          }
        });
    return found;
  }

  /** io.strato.X.* -> io.strato.Y.*, by X and Y. */
  static Map<String, Set<String>> packageGraph(Map<String, Set<String>> refs) {
    Map<String, Set<String>> graph = new TreeMap<>();
    refs.forEach(
        (type, uses) -> {
          String from = topLevelPackage(type);
          for (String used : uses) {
            String to = topLevelPackage(used);
            if (from != null && to != null && !from.equals(to)) {
              graph.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
            }
          }
        });
    return graph;
  }

  private static String topLevelPackage(String type) {
    if (!type.startsWith("io.strato.")) {
      return null;
    }
    String[] parts = type.split("\\.");
    return parts.length > 3 ? parts[2] : null;
  }

  /** One cycle (its packages, first repeated at the end), or empty. */
  static List<String> cycle(Map<String, Set<String>> graph) {
    Set<String> done = new TreeSet<>();
    for (String start : graph.keySet()) {
      List<String> found = visit(start, graph, new ArrayDeque<>(), done);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> visit(
      String node, Map<String, Set<String>> graph, Deque<String> path, Set<String> done) {
    if (path.contains(node)) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (String p : (Iterable<String>) path::descendingIterator) {
        in |= p.equals(node);
        if (in) {
          cycle.add(p);
        }
      }
      cycle.add(node);
      return cycle;
    }
    if (done.contains(node)) {
      return List.of();
    }
    path.push(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      List<String> found = visit(next, graph, path, done);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.pop();
    done.add(node);
    return List.of();
  }
}
