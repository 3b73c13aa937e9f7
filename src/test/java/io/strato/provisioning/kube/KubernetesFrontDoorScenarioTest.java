package io.strato.provisioning.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.provisioning.api.ApplyRequest;
import io.strato.provisioning.api.Caller;
import io.strato.provisioning.api.OwnerConflictException;
import io.strato.provisioning.store.StoreException;
import io.strato.provisioning.validation.InvalidSpecException;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.eks.model.Nodegroup;

/**
 * The front door end to end: custom resources on the mock Kubernetes API in CRUD mode (the CRDs
 * created from providers/kubernetes-api/crds), a Strato replica reconciling them through its REST
 * services and engine, and the cloud checked on moto.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesFrontDoorScenarioTest {

  static KubernetesClient client;

  private static final Duration WAIT = Duration.ofSeconds(90);
  private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
  private final AwsClients inspector = MotoServer.shared().clients();
  private final List<FrontDoorReplica> replicas = new ArrayList<>();
  private AwsFixtures network;
  private String ami;

  @TempDir Path dataDir;

  @BeforeAll
  static void installCrds() throws Exception {
    for (CustomKind kind : CustomKind.ALL) {
      CustomResourceDefinition crd =
          Serialization.unmarshal(
              Files.readString(CrdFilesTest.file(kind)), CustomResourceDefinition.class);
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  @BeforeEach
  void freshAccount() {
    MotoServer.shared().reset();
    network = AwsFixtures.network(inspector.ec2(), null);
    ami = AwsFixtures.imageId(inspector.ec2());
  }

  @AfterEach
  void stop() {
    replicas.forEach(FrontDoorReplica::close);
    // The next test's replica has a fresh store: leave it no custom resource to pick up.
    for (CustomKind kind : CustomKind.ALL) {
      for (GenericKubernetesResource cr :
          client.genericKubernetesResources(kind.context()).inAnyNamespace().list().getItems()) {
        var op =
            client
                .genericKubernetesResources(kind.context())
                .inNamespace(cr.getMetadata().getNamespace())
                .withName(cr.getMetadata().getName());
        op.edit(
            r -> {
              r.getMetadata().setFinalizers(List.of());
              return r;
            });
        op.delete();
      }
    }
    inspector.close();
  }

  private FrontDoorReplica replica(String identity) {
    FrontDoorReplica r = new FrontDoorReplica(identity, dataDir, client);
    replicas.add(r);
    return r;
  }

  @Test
  void aLoadBalancerIsAppliedChangedAndDeleted() throws Exception {
    FrontDoorReplica strato = replica("a");
    create(CustomKind.LOAD_BALANCER, "team-a", "web", lbSpec(List.of(80)), Map.of("env", "demo"));

    JsonNode status = awaitReady(CustomKind.LOAD_BALANCER, "team-a", "web");
    assertThat(status.path("storedName").asText()).isEqualTo("team-a-web");
    assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
    assertThat(condition(status, "Accepted").path("status").asText()).isEqualTo("True");
    assertThat(status.at("/outputs/dnsName").asText()).isNotEmpty();
    assertThat(get(CustomKind.LOAD_BALANCER, "team-a", "web").getMetadata().getFinalizers())
        .containsExactly(CustomKind.FINALIZER);
    assertThat(listenerPorts()).containsExactly(80);
    // The REST view of the same resource names its owner and carries the custom resource's labels.
    assertThat(strato.loadBalancers.get("team-a-web").metadata().labels())
        .containsEntry("env", "demo")
        .containsEntry("kubernetes.strato.io/namespace", "team-a")
        .containsEntry("kubernetes.strato.io/name", "web");
    assertThat(eventReasons("team-a", "web")).contains("Ready");

    edit(CustomKind.LOAD_BALANCER, "team-a", "web", spec -> lbSpec(List.of(80, 8080)));
    await().atMost(WAIT).until(() -> listenerPorts().size() == 2);
    assertThat(listenerPorts()).containsExactlyInAnyOrder(80, 8080);
    await()
        .atMost(WAIT)
        .until(
            () ->
                status(CustomKind.LOAD_BALANCER, "team-a", "web")
                            .path("observedGeneration")
                            .asLong()
                        == 2
                    && "Ready".equals(phase(CustomKind.LOAD_BALANCER, "team-a", "web")));

    delete(CustomKind.LOAD_BALANCER, "team-a", "web");
    await().atMost(WAIT).until(() -> get(CustomKind.LOAD_BALANCER, "team-a", "web") == null);
    assertThat(inspector.elb().describeLoadBalancers().loadBalancers()).isEmpty();
    assertThatThrownBy(() -> strato.loadBalancers.get("team-a-web"))
        .isInstanceOf(StoreException.NotFound.class);
  }

  @Test
  void aNodeGroupIsAppliedChangedAndDeleted() throws Exception {
    replica("a");
    create(CustomKind.NODE_GROUP, "team-a", "workers", ngSpec(1), Map.of());
    awaitReady(CustomKind.NODE_GROUP, "team-a", "workers");
    assertThat(group().desiredCapacity()).isEqualTo(1);
    assertThat(group().tags())
        .anySatisfy(
            t -> {
              assertThat(t.key()).isEqualTo("strato.io/resource");
              assertThat(t.value()).isEqualTo("NodeGroup/team-a-workers");
            });

    edit(CustomKind.NODE_GROUP, "team-a", "workers", spec -> ngSpec(2));
    await().atMost(WAIT).until(() -> group().desiredCapacity() == 2);

    delete(CustomKind.NODE_GROUP, "team-a", "workers");
    await().atMost(WAIT).until(() -> get(CustomKind.NODE_GROUP, "team-a", "workers") == null);
    assertThat(inspector.autoScaling().describeAutoScalingGroups().autoScalingGroups()).isEmpty();
  }

  @Test
  void anEksClusterIsAppliedChangedAndDeleted() throws Exception {
    replica("a");
    create(CustomKind.CLUSTER, "team-a", "prod", eksSpec(3), Map.of());
    JsonNode status = awaitReady(CustomKind.CLUSTER, "team-a", "prod");
    assertThat(status.at("/outputs/type").asText()).isEqualTo("eks");
    assertThat(inspector.eks().listClusters().clusters()).hasSize(1);
    assertThat(nodegroup().scalingConfig().maxSize()).isEqualTo(3);

    edit(CustomKind.CLUSTER, "team-a", "prod", spec -> eksSpec(4));
    await().atMost(WAIT).until(() -> nodegroup().scalingConfig().maxSize() == 4);

    delete(CustomKind.CLUSTER, "team-a", "prod");
    await().atMost(WAIT).until(() -> get(CustomKind.CLUSTER, "team-a", "prod") == null);
    assertThat(inspector.eks().listClusters().clusters()).isEmpty();
  }

  @Test
  void oneOwnerPerResourceRestAndKubernetesRefuseEachOther() throws Exception {
    FrontDoorReplica strato = replica("a");
    // Created through REST first: the custom resource of the same stored name cannot take it over.
    strato.nodeGroups.apply(
        "team-b-shared", restBody(ngSpec(1), Map.of()), null, Caller.inProcessAdmin());
    create(CustomKind.NODE_GROUP, "team-b", "shared", ngSpec(2), Map.of());
    await()
        .atMost(WAIT)
        .until(() -> "False".equals(accepted(CustomKind.NODE_GROUP, "team-b", "shared")));
    JsonNode refused = status(CustomKind.NODE_GROUP, "team-b", "shared");
    assertThat(refused.path("phase").asText()).isEqualTo(CustomResourceStatus.REFUSED);
    assertThat(condition(refused, "Accepted").path("reason").asText()).isEqualTo("OwnerConflict");
    assertThat(condition(refused, "Accepted").path("message").asText())
        .contains("created through the REST API");
    assertThat(strato.nodeGroups.get("team-b-shared").spec().desiredCapacity())
        .as("the REST resource keeps its spec")
        .isEqualTo(1);
    assertThat(eventReasons("team-b", "shared")).contains("OwnerConflict");

    // Created through Kubernetes: REST may read it, not change or delete it (409 naming the owner).
    create(CustomKind.NODE_GROUP, "team-b", "mine", ngSpec(1), Map.of());
    await()
        .atMost(WAIT)
        .until(() -> "True".equals(accepted(CustomKind.NODE_GROUP, "team-b", "mine")));
    assertThatThrownBy(
            () ->
                strato.nodeGroups.apply(
                    "team-b-mine", restBody(ngSpec(3), Map.of()), null, Caller.inProcessAdmin()))
        .isInstanceOf(OwnerConflictException.class)
        .hasMessageContaining("nodegroups.strato.io team-b/mine");
    assertThatThrownBy(() -> strato.nodeGroups.delete("team-b-mine", null))
        .isInstanceOf(OwnerConflictException.class)
        .hasMessageContaining("nodegroups.strato.io team-b/mine");
    // Nor may REST forge the marker.
    assertThatThrownBy(
            () ->
                strato.nodeGroups.apply(
                    "forged",
                    restBody(ngSpec(1), Map.of("kubernetes.strato.io/name", "mine")),
                    null,
                    Caller.inProcessAdmin()))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("metadata.labels.kubernetes.strato.io/name");

    // Deleting the refused custom resource leaves the REST resource alone.
    delete(CustomKind.NODE_GROUP, "team-b", "shared");
    await().atMost(WAIT).until(() -> get(CustomKind.NODE_GROUP, "team-b", "shared") == null);
    assertThat(strato.nodeGroups.get("team-b-shared").metadata().deletionRequestedAt()).isNull();
  }

  @Test
  void anInvalidSpecIsAConditionNamingTheFieldAndReachesNeitherStoreNorCloud() throws Exception {
    FrontDoorReplica strato = replica("a");
    Map<String, Object> badPort = lbSpec(List.of(80));
    badPort.put("listeners", List.of(Map.of("port", 70000)));
    create(CustomKind.LOAD_BALANCER, "team-c", "bad-port", badPort, Map.of());
    Map<String, Object> typo = Map.of("listners", List.of(Map.of("port", 80)));
    create(CustomKind.LOAD_BALANCER, "team-c", "typo", typo, Map.of());

    await()
        .atMost(WAIT)
        .until(
            () ->
                "False".equals(accepted(CustomKind.LOAD_BALANCER, "team-c", "bad-port"))
                    && "False".equals(accepted(CustomKind.LOAD_BALANCER, "team-c", "typo")));
    JsonNode port = condition(status(CustomKind.LOAD_BALANCER, "team-c", "bad-port"), "Accepted");
    assertThat(port.path("reason").asText()).isEqualTo("InvalidSpec");
    assertThat(port.path("message").asText()).contains("spec.listeners[0].port");
    JsonNode unknown = condition(status(CustomKind.LOAD_BALANCER, "team-c", "typo"), "Accepted");
    assertThat(unknown.path("message").asText()).contains("spec.listners");
    assertThat(eventReasons("team-c", "bad-port")).contains("InvalidSpec");

    assertThat(strato.store.keys()).as("nothing reached the store").isEmpty();
    assertThat(strato.cloudCalls()).as("nor the cloud").isZero();
    assertThat(inspector.elb().describeLoadBalancers().loadBalancers()).isEmpty();
  }

  @Test
  void aRestartMidCreateFinishesTheClusterWithoutATwin() throws Exception {
    FrontDoorReplica first = replica("first");
    create(CustomKind.CLUSTER, "team-d", "prod", eksSpec(3), Map.of());
    await().atMost(WAIT).until(() -> !inspector.eks().listClusters().clusters().isEmpty());
    String phaseAtCrash = phase(CustomKind.CLUSTER, "team-d", "prod");
    replicas.remove(first);
    first.crash();
    System.out.println("front door crashed with the cluster in phase " + phaseAtCrash);

    replica("second");
    awaitReady(CustomKind.CLUSTER, "team-d", "prod");
    assertThat(inspector.eks().listClusters().clusters()).as("no twin").hasSize(1);
    String name = inspector.eks().listClusters().clusters().get(0);
    assertThat(inspector.eks().listNodegroups(r -> r.clusterName(name)).nodegroups()).hasSize(1);

    delete(CustomKind.CLUSTER, "team-d", "prod");
    await().atMost(WAIT).until(() -> get(CustomKind.CLUSTER, "team-d", "prod") == null);
    assertThat(inspector.eks().listClusters().clusters()).isEmpty();
  }

  // --- specs

  private Map<String, Object> lbSpec(List<Integer> ports) {
    Map<String, Object> spec = new java.util.LinkedHashMap<>();
    spec.put("subnetIds", network.publicSubnets());
    spec.put(
        "listeners",
        ports.stream()
            .map(p -> Map.<String, Object>of("port", p, "targetPort", 30000 + p))
            .toList());
    return spec;
  }

  private Map<String, Object> ngSpec(int desired) {
    return Map.of(
        "imageId",
        ami,
        "instanceType",
        "t3.medium",
        "subnetIds",
        network.privateSubnets(),
        "minSize",
        1,
        "maxSize",
        3,
        "desiredCapacity",
        desired);
  }

  private Map<String, Object> eksSpec(int maxSize) {
    List<Map<String, Object>> subnets = new ArrayList<>();
    for (int i = 0; i < network.privateSubnets().size(); i++) {
      subnets.add(Map.of("id", network.privateSubnets().get(i), "zone", AwsFixtures.ZONES.get(i)));
    }
    return Map.of(
        "provider",
        "aws",
        "type",
        "eks",
        "version",
        "1.29",
        "network",
        Map.of("subnets", subnets),
        "eks",
        Map.of("roleArn", "arn:aws:iam::123456789012:role/strato-eks-cluster"),
        "nodeGroups",
        List.of(
            Map.of(
                "name",
                "general",
                "nodeRole",
                "arn:aws:iam::123456789012:role/strato-eks-node",
                "instanceTypes",
                List.of("m6i.large"),
                "minSize",
                1,
                "maxSize",
                maxSize,
                "desiredCapacity",
                1)));
  }

  private ApplyRequest<NodeGroupSpecDto> restBody(
      Map<String, Object> spec, Map<String, String> labels) {
    return json.convertValue(
        Map.of("metadata", Map.of("labels", labels), "spec", spec), new TypeReference<>() {});
  }

  // --- the Kubernetes side

  private void create(
      CustomKind kind,
      String namespace,
      String name,
      Map<String, Object> spec,
      Map<String, String> labels) {
    GenericKubernetesResource cr = new GenericKubernetesResource();
    cr.setApiVersion(CustomKind.API_VERSION);
    cr.setKind(kind.kind());
    cr.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels)
            .build());
    cr.setAdditionalProperty("spec", spec);
    client.genericKubernetesResources(kind.context()).inNamespace(namespace).resource(cr).create();
  }

  private void edit(CustomKind kind, String namespace, String name, UnaryOperator<Object> newSpec) {
    client
        .genericKubernetesResources(kind.context())
        .inNamespace(namespace)
        .withName(name)
        .edit(
            cr -> {
              cr.setAdditionalProperty(
                  "spec", newSpec.apply(cr.getAdditionalProperties().get("spec")));
              return cr;
            });
  }

  private void delete(CustomKind kind, String namespace, String name) {
    client
        .genericKubernetesResources(kind.context())
        .inNamespace(namespace)
        .withName(name)
        .delete();
  }

  private GenericKubernetesResource get(CustomKind kind, String namespace, String name) {
    return client
        .genericKubernetesResources(kind.context())
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  private JsonNode status(CustomKind kind, String namespace, String name) {
    GenericKubernetesResource cr = get(kind, namespace, name);
    return cr == null
        ? json.nullNode()
        : json.valueToTree(cr.getAdditionalProperties().get("status"));
  }

  private String phase(CustomKind kind, String namespace, String name) {
    return status(kind, namespace, name).path("phase").asText();
  }

  private String accepted(CustomKind kind, String namespace, String name) {
    return condition(status(kind, namespace, name), "Accepted").path("status").asText();
  }

  private JsonNode awaitReady(CustomKind kind, String namespace, String name) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                "True"
                    .equals(
                        condition(status(kind, namespace, name), "Ready").path("status").asText()));
    JsonNode status = status(kind, namespace, name);
    assertThat(status.path("phase").asText()).isEqualTo("Ready");
    return status;
  }

  private static JsonNode condition(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private List<String> eventReasons(String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  // --- the cloud side

  private List<Integer> listenerPorts() {
    var lbs = inspector.elb().describeLoadBalancers().loadBalancers();
    if (lbs.isEmpty()) {
      return List.of();
    }
    assertThat(lbs).as("one load balancer, never a twin").hasSize(1);
    return inspector
        .elb()
        .describeListeners(r -> r.loadBalancerArn(lbs.get(0).loadBalancerArn()))
        .listeners()
        .stream()
        .map(l -> l.port())
        .toList();
  }

  private AutoScalingGroup group() {
    var groups = inspector.autoScaling().describeAutoScalingGroups().autoScalingGroups();
    assertThat(groups).as("one group, never a twin").hasSize(1);
    return groups.get(0);
  }

  private Nodegroup nodegroup() {
    List<String> clusters = inspector.eks().listClusters().clusters();
    assertThat(clusters).hasSize(1);
    List<String> groups =
        inspector.eks().listNodegroups(r -> r.clusterName(clusters.get(0))).nodegroups();
    assertThat(groups).hasSize(1);
    return inspector
        .eks()
        .describeNodegroup(r -> r.clusterName(clusters.get(0)).nodegroupName(groups.get(0)))
        .nodegroup();
  }
}
