package io.strato.cloud.aws.cluster.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.appscaling.ApplicationAutoScaling;
import io.strato.cloud.aws.appscaling.ScalableResource;
import io.strato.cloud.aws.appscaling.ScalableTarget;
import io.strato.cloud.aws.appscaling.TargetTrackingPolicy;
import io.strato.cloud.aws.asg.AwsNodeGroups;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterOutputs.EcsServiceOutput;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.reconcile.Condition;
import io.strato.testsupport.CallRecorder;
import io.strato.testsupport.CrashAfter;
import io.strato.testsupport.EcsScheduler;
import io.strato.testsupport.MotoServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ecs.model.CapacityProvider;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.PlacementStrategy;
import software.amazon.awssdk.services.ecs.model.PlacementStrategyType;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/** Scenarios against moto: what the account holds after the ECS driver reconciles a cluster. */
class EcsClusterDriverTest {

  private static final int MAX_ROUNDS = 10;

  private MotoServer moto;
  private CallRecorder recorder;
  private AwsClients clients;

  /** Plays ECS's part (placing tasks, managed scaling), outside the recorder and the counts. */
  private AwsClients ecsItself;

  private EcsClusterFixture aws;
  private EcsClusterDriver driver;

  @BeforeEach
  void freshAccount() {
    moto = MotoServer.shared();
    moto.reset();
    recorder = new CallRecorder();
    clients = moto.clients(List.of(recorder));
    ecsItself = moto.clients();
    aws = new EcsClusterFixture(clients);
    driver = new EcsClusterDriver(clients, new AwsNodeGroups(clients));
    clients.metrics().reset();
  }

  @AfterEach
  void close() {
    clients.close();
    ecsItself.close();
  }

  @Test
  void createsClusterCapacityAndServicesUntilReady() {
    ClusterContext cluster = aws.context(aws.spec());

    ClusterProgress progress = untilReady(cluster);
    Map<String, Long> calls = clients.metrics().snapshot();
    System.out.printf("ECS create-to-ready: %d AWS calls: %s%n", clients.metrics().total(), calls);

    String ecsName = EcsNames.cluster(cluster);
    assertThat(ecsName)
        .isEqualTo("strato-shop-" + io.strato.cloud.CloudNames.hash8(EcsClusterFixture.UID));
    Cluster ecs = cluster(ecsName);
    assertThat(ecs.status()).isEqualTo("ACTIVE");
    assertThat(tags(ecs.tags()))
        .containsEntry("strato.io/owner", EcsClusterFixture.UID)
        .containsEntry("team", "shop");
    assertThat(ecs.settings())
        .anySatisfy(
            s -> {
              assertThat(s.nameAsString()).isEqualTo("containerInsights");
              assertThat(s.value()).isEqualTo("enabled");
            });

    // Capacity: one Auto Scaling group whose instances join the cluster, behind a provider.
    String groupName = EcsNames.capacityProvider(cluster, "general");
    AutoScalingGroup group = single(groups());
    assertThat(group.autoScalingGroupName()).isEqualTo(groupName);
    assertThat(group.desiredCapacity()).isEqualTo(2);
    assertThat(group.availabilityZones()).hasSize(3);
    assertThat(userData(groupName))
        .isEqualTo("#!/bin/bash\necho ECS_CLUSTER=" + ecsName + " >> /etc/ecs/ecs.config\n");
    CapacityProvider provider = provider(groupName);
    assertThat(provider.autoScalingGroupProvider().autoScalingGroupArn())
        .isEqualTo(group.autoScalingGroupARN());
    assertThat(provider.autoScalingGroupProvider().managedScaling().statusAsString())
        .isEqualTo("ENABLED");
    assertThat(provider.autoScalingGroupProvider().managedScaling().targetCapacity())
        .isEqualTo(100);
    assertThat(provider.autoScalingGroupProvider().managedTerminationProtectionAsString())
        .isEqualTo("DISABLED");
    assertThat(tags(provider.tags())).containsEntry("strato.io/owner", EcsClusterFixture.UID);
    assertThat(ecs.capacityProviders()).containsExactly(groupName);
    assertThat(ecs.defaultCapacityProviderStrategy())
        .singleElement()
        .satisfies(s -> assertThat(s.capacityProvider()).isEqualTo(groupName));

    // The inline container became a task definition of Strato's family.
    TaskDefinition web =
        clients
            .ecs()
            .describeTaskDefinition(r -> r.taskDefinition(ecsName + "-web"))
            .taskDefinition();
    assertThat(web.revision()).isEqualTo(1);
    assertThat(web.networkModeAsString()).isEqualTo("bridge");
    ContainerDefinition container = single(web.containerDefinitions());
    assertThat(container.name()).isEqualTo("web");
    assertThat(container.image()).isEqualTo("nginx:1.25");
    assertThat(container.cpu()).isEqualTo(256);
    assertThat(container.memory()).isEqualTo(1024);
    assertThat(single(container.portMappings()).containerPort()).isEqualTo(8080);
    assertThat(single(container.portMappings()).hostPort()).isZero();
    assertThat(container.environment())
        .extracting(kv -> kv.name() + "=" + kv.value())
        .containsExactlyInAnyOrder("MODE=prod", "LOG=info");

    // Services as moto holds them.
    Map<String, Service> services = services(ecsName);
    assertThat(services).containsOnlyKeys("web", "worker");
    Service webService = services.get("web");
    assertThat(webService.taskDefinition()).isEqualTo(web.taskDefinitionArn());
    assertThat(webService.desiredCount()).isEqualTo(2);
    assertThat(single(webService.loadBalancers()).targetGroupArn()).isEqualTo(aws.targetGroupArn);
    assertThat(single(webService.loadBalancers()).containerName()).isEqualTo("web");
    assertThat(single(webService.loadBalancers()).containerPort()).isEqualTo(8080);
    assertThat(tags(webService.tags())).containsEntry("strato.io/owner", EcsClusterFixture.UID);
    assertThat(services.get("worker").taskDefinition()).endsWith("task-definition/shop-worker:1");
    assertThat(services.get("worker").desiredCount()).isEqualTo(1);

    // moto drops capacityProviderStrategy, placementStrategy and deploymentConfiguration from
    // what it stores, so these are checked on the requests Strato sent.
    Map<String, CreateServiceRequest> created =
        recorder.sent(CreateServiceRequest.class).stream()
            .collect(Collectors.toMap(CreateServiceRequest::serviceName, r -> r));
    assertThat(created).containsOnlyKeys("web", "worker");
    CreateServiceRequest webRequest = created.get("web");
    assertThat(webRequest.capacityProviderStrategy())
        .singleElement()
        .satisfies(s -> assertThat(s.capacityProvider()).isEqualTo(groupName));
    assertThat(webRequest.placementStrategy())
        .extracting(PlacementStrategy::type, PlacementStrategy::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                PlacementStrategyType.SPREAD, "attribute:ecs.availability-zone"),
            org.assertj.core.groups.Tuple.tuple(PlacementStrategyType.SPREAD, "instanceId"));
    assertThat(webRequest.deploymentConfiguration().deploymentCircuitBreaker().enable()).isTrue();
    assertThat(webRequest.deploymentConfiguration().deploymentCircuitBreaker().rollback()).isTrue();
    assertThat(webRequest.clientToken()).hasSizeLessThanOrEqualTo(36);
    assertThat(created.get("worker").deploymentConfiguration().deploymentCircuitBreaker().enable())
        .isFalse();

    // Autoscaling of the web service.
    ApplicationAutoScaling scaling = new ApplicationAutoScaling(clients);
    ScalableResource resource = ScalableResource.ecsService(ecsName, "web");
    assertThat(scaling.describeScalableTarget(resource))
        .contains(new ScalableTarget(resource, 2, 6));
    TargetTrackingPolicy policy = single(scaling.describeScalingPolicies(resource));
    assertThat(policy.predefinedMetric()).isEqualTo("ECSServiceAverageCPUUtilization");
    assertThat(policy.targetValue()).isEqualTo(60.0);
    assertThat(scaling.describeScalableTarget(ScalableResource.ecsService(ecsName, "worker")))
        .isEmpty();

    // What the user sees.
    assertThat(progress.outputs().type()).isEqualTo("ecs");
    assertThat(progress.outputs().arn()).isEqualTo(ecs.clusterArn());
    assertThat(progress.outputs().status()).isEqualTo("ACTIVE");
    assertThat(progress.outputs().ecs().capacityProviders()).containsExactly(groupName);
    EcsServiceOutput webOut =
        progress.outputs().ecs().services().stream()
            .filter(s -> s.name().equals("web"))
            .findFirst()
            .orElseThrow();
    assertThat(webOut.arn()).isEqualTo(webService.serviceArn());
    assertThat(webOut.taskDefinition()).isEqualTo(web.taskDefinitionArn());
    assertThat(webOut.scalingPolicyArn()).isEqualTo(policy.arn());
    assertThat(single(progress.outputs().nodeGroups()).cloudName()).isEqualTo(groupName);
    assertThat(single(progress.outputs().nodeGroups()).instances()).isEqualTo(2);

    // A further reconcile only looks.
    clients.metrics().reset();
    ClusterProgress again = driver.reconcile(cluster);
    Map<String, Long> steady = clients.metrics().snapshot();
    System.out.printf(
        "ECS steady-state reconcile: %d AWS calls: %s%n", clients.metrics().total(), steady);
    assertThat(again.ready()).isTrue();
    assertThat(again.events()).isEmpty();
    assertThat(steady.keySet()).allSatisfy(k -> assertThat(k).matches(".*:(Describe|List|Get).*"));
  }

  @Test
  void waitsForTheLoadBalancerBeforeCreatingItsService() {
    aws.loadBalancerReady.set(false);
    ClusterContext cluster = aws.context(aws.spec());

    ClusterProgress first = driver.reconcile(cluster);
    assertThat(condition(first, ClusterProgress.SERVICES_READY).reason())
        .isEqualTo("LoadBalancerPending");
    String ecsName = EcsNames.cluster(cluster);
    assertThat(services(ecsName)).containsOnlyKeys("worker");

    aws.loadBalancerReady.set(true);
    untilReady(cluster);
    assertThat(services(ecsName)).containsOnlyKeys("web", "worker");
  }

  @Test
  void theSpecsDesiredCapacityOnlyStartsTheGroupItsBoundsStillApply() {
    untilReady(aws.context(aws.spec()));

    ClusterSpecDto bigger =
        aws.spec(
            List.of(aws.nodeGroup("general", 3, 4, null)),
            List.of(
                aws.web("nginx:1.25", EcsClusterFixture.cpuScaling()), EcsClusterFixture.worker()));
    ClusterProgress progress = untilReady(aws.context(bigger));

    // The new minimum lifts the group (Auto Scaling keeps desired within the bounds); the new
    // desired capacity of 4 is not written over what ECS's managed scaling chose.
    AutoScalingGroup group = single(groups());
    assertThat(group.minSize()).isEqualTo(3);
    assertThat(group.desiredCapacity()).isEqualTo(3);
    assertThat(single(progress.outputs().nodeGroups()).desiredSize()).isEqualTo(3);
    assertThat(single(progress.outputs().nodeGroups()).instances()).isEqualTo(3);
  }

  @Test
  void managedScalingOwnsTheDesiredCapacityOfTheGroup() {
    ClusterContext cluster = aws.context(aws.spec());
    untilReady(cluster);
    String groupName = EcsNames.capacityProvider(cluster, "general");
    // ECS's target-tracking policy scaled the group out for tasks it must place.
    ecsItself
        .autoScaling()
        .setDesiredCapacity(r -> r.autoScalingGroupName(groupName).desiredCapacity(4));

    clients.metrics().reset();
    untilReady(cluster);
    driver.reconcile(cluster);

    assertThat(single(groups()).desiredCapacity()).isEqualTo(4);
    assertThat(clients.metrics().snapshot().keySet())
        .noneSatisfy(k -> assertThat(k).contains("UpdateAutoScalingGroup"));
  }

  @Test
  void keepsTheTagEcsWritesOnTheGroup() {
    ClusterContext cluster = aws.context(aws.spec());
    untilReady(cluster);
    String groupName = EcsNames.capacityProvider(cluster, "general");
    // What ECS does when a capacity provider with managed scaling takes the group over.
    ecsItself
        .autoScaling()
        .createOrUpdateTags(
            r ->
                r.tags(
                    t ->
                        t.resourceId(groupName)
                            .resourceType("auto-scaling-group")
                            .key("AmazonECSManaged")
                            .value("")
                            .propagateAtLaunch(true)));

    driver.reconcile(cluster);
    driver.reconcile(cluster);

    assertThat(single(groups()).tags())
        .anySatisfy(t -> assertThat(t.key()).isEqualTo("AmazonECSManaged"))
        .anySatisfy(t -> assertThat(t.key()).isEqualTo("pool"));
  }

  @Test
  void theUsersOwnUserDataStillJoinsTheCluster() {
    ClusterSpecDto spec =
        aws.spec(
            List.of(aws.nodeGroup("general", 1, 2, "#!/bin/bash\nyum install -y htop\n")),
            List.of(EcsClusterFixture.worker()));
    ClusterContext cluster = aws.context(spec);

    untilReady(cluster);

    assertThat(userData(EcsNames.capacityProvider(cluster, "general")))
        .isEqualTo(
            "#!/bin/bash\necho ECS_CLUSTER="
                + EcsNames.cluster(cluster)
                + " >> /etc/ecs/ecs.config\nyum install -y htop\n");
  }

  @Test
  void aServiceIsReadyOnlyOnceItsTasksRun() {
    ClusterContext cluster = aws.context(aws.spec());
    ClusterProgress progress = null;
    for (int i = 0; i < 4; i++) {
      progress = driver.reconcile(cluster);
    }
    // Every resource exists and matches the spec, but ECS has started no task yet.
    assertThat(progress.ready()).isFalse();
    Condition services = condition(progress, ClusterProgress.SERVICES_READY);
    assertThat(services.isTrue()).isFalse();
    assertThat(services.reason()).isEqualTo("TasksStarting");
    assertThat(services.message()).contains("runs 0 of 2 task(s)");
    assertThat(progress.outputs().ecs().services())
        .allSatisfy(s -> assertThat(s.runningCount()).isZero());

    EcsScheduler.placeTasks(ecsItself.ecs());
    progress = driver.reconcile(cluster);

    assertThat(progress.ready()).isTrue();
    assertThat(progress.outputs().ecs().services())
        .allSatisfy(s -> assertThat(s.runningCount()).isEqualTo(s.desiredCount()));
  }

  @Test
  void aNewImageRegistersARevisionAndUpdatesTheService() {
    ClusterContext cluster = aws.context(aws.spec());
    untilReady(cluster);
    String ecsName = EcsNames.cluster(cluster);
    String serviceArn = services(ecsName).get("web").serviceArn();
    clients.metrics().reset();

    ClusterSpecDto newImage =
        aws.spec(
            List.of(aws.nodeGroup("general", 2)),
            List.of(
                aws.web("nginx:1.27", EcsClusterFixture.cpuScaling()), EcsClusterFixture.worker()));
    ClusterProgress progress = untilReady(aws.context(newImage));

    Map<String, Long> calls = clients.metrics().snapshot();
    assertThat(calls)
        .containsEntry("Ecs:RegisterTaskDefinition", 1L)
        .containsEntry("Ecs:UpdateService", 1L);
    assertThat(calls).doesNotContainKey("Ecs:CreateService");
    Service web = services(ecsName).get("web");
    assertThat(web.serviceArn()).isEqualTo(serviceArn);
    assertThat(web.taskDefinition()).endsWith(ecsName + "-web:2");
    TaskDefinition latest =
        clients
            .ecs()
            .describeTaskDefinition(r -> r.taskDefinition(web.taskDefinition()))
            .taskDefinition();
    assertThat(single(latest.containerDefinitions()).image()).isEqualTo("nginx:1.27");
    // The scaler owns the count: the update did not send one.
    UpdateServiceRequest update =
        single(
            recorder.sent(UpdateServiceRequest.class).stream()
                .filter(r -> r.service().equals("web"))
                .toList());
    assertThat(update.desiredCount()).isNull();
    assertThat(update.taskDefinition()).isEqualTo(web.taskDefinition());
    assertThat(progress.events()).isEmpty();
  }

  @Test
  void theScalerOwnsTheCountOfAnAutoscaledService() {
    ClusterContext cluster = aws.context(aws.spec());
    untilReady(cluster);
    String ecsName = EcsNames.cluster(cluster);
    // Application Auto Scaling moved the web service to 5 tasks.
    clients.ecs().updateService(r -> r.cluster(ecsName).service("web").desiredCount(5));
    clients.ecs().updateService(r -> r.cluster(ecsName).service("worker").desiredCount(3));

    untilReady(cluster);

    assertThat(services(ecsName).get("web").desiredCount()).isEqualTo(5);
    assertThat(services(ecsName).get("worker").desiredCount()).isEqualTo(1);
  }

  @Test
  void removingServicesNodeGroupsAndAutoscaling() {
    ClusterSpecDto two =
        aws.spec(
            List.of(aws.nodeGroup("general", 2), aws.nodeGroup("spare", 1)),
            List.of(
                aws.web("nginx:1.25", EcsClusterFixture.cpuScaling()), EcsClusterFixture.worker()));
    ClusterContext cluster = aws.context(two);
    untilReady(cluster);
    String ecsName = EcsNames.cluster(cluster);
    String spare = EcsNames.capacityProvider(cluster, "spare");
    assertThat(cluster(ecsName).capacityProviders()).hasSize(2);
    assertThat(groups()).hasSize(2);

    ClusterSpecDto smaller =
        aws.spec(List.of(aws.nodeGroup("general", 2)), List.of(aws.web("nginx:1.25", null)));
    untilReady(aws.context(smaller));

    assertThat(cluster(ecsName).capacityProviders())
        .containsExactly(EcsNames.capacityProvider(cluster, "general"));
    assertThat(liveProviders(List.of(spare))).isEmpty();
    assertThat(groups()).extracting(AutoScalingGroup::autoScalingGroupName).doesNotContain(spare);
    assertThat(services(ecsName)).containsOnlyKeys("web");
    ApplicationAutoScaling scaling = new ApplicationAutoScaling(clients);
    assertThat(scaling.describeScalableTarget(ScalableResource.ecsService(ecsName, "web")))
        .isEmpty();
    // The worker's task definition is the user's: left alone.
    assertThat(
            clients
                .ecs()
                .describeTaskDefinition(r -> r.taskDefinition(EcsClusterFixture.WORKER_FAMILY))
                .taskDefinition()
                .status())
        .isEqualTo(TaskDefinitionStatus.ACTIVE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CreateCluster",
        "CreateAutoScalingGroup",
        "CreateCapacityProvider",
        "PutClusterCapacityProviders",
        "RegisterTaskDefinition",
        "CreateService"
      })
  void aRestartAfterAnyCreateStepMakesNoTwins(String operation) {
    CrashAfter crash = CrashAfter.first(operation);
    ClusterContext cluster = aws.context(aws.spec());
    try (AwsClients crashing = moto.clients(List.of(crash))) {
      EcsClusterDriver doomed = new EcsClusterDriver(crashing, new AwsNodeGroups(crashing));
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < MAX_ROUNDS; i++) {
                  doomed.reconcile(cluster);
                }
              })
          .hasStackTraceContaining("simulated crash after " + operation);
    }
    assertThat(crash.fired()).isTrue();

    untilReady(cluster);

    String ecsName = EcsNames.cluster(cluster);
    assertThat(clients.ecs().listClusters().clusterArns()).hasSize(1);
    assertThat(groups()).hasSize(1);
    assertThat(cluster(ecsName).capacityProviders()).hasSize(1);
    assertThat(services(ecsName)).containsOnlyKeys("web", "worker");
    assertThat(
            clients
                .ecs()
                .listTaskDefinitions(
                    r -> r.familyPrefix(ecsName + "-web").status(TaskDefinitionStatus.ACTIVE))
                .taskDefinitionArns())
        .hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DeleteService",
        "PutClusterCapacityProviders",
        "DeleteCapacityProvider",
        "DeleteAutoScalingGroup",
        "DeleteCluster",
        "DeregisterTaskDefinition"
      })
  void aRestartAfterAnyDeleteStepFinishesTheJob(String operation) {
    ClusterContext cluster = aws.context(aws.spec());
    untilReady(cluster);
    CrashAfter crash = CrashAfter.first(operation);
    try (AwsClients crashing = moto.clients(List.of(crash))) {
      EcsClusterDriver doomed = new EcsClusterDriver(crashing, new AwsNodeGroups(crashing));
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < MAX_ROUNDS; i++) {
                  doomed.delete(cluster);
                }
              })
          .hasStackTraceContaining("simulated crash after " + operation);
    }

    Deletion d = Deletion.IN_PROGRESS;
    for (int i = 0; i < MAX_ROUNDS && d != Deletion.GONE; i++) {
      d = driver.delete(cluster);
    }

    assertThat(d).isEqualTo(Deletion.GONE);
    String ecsName = EcsNames.cluster(cluster);
    assertThat(clients.ecs().describeClusters(r -> r.clusters(ecsName)).clusters())
        .allSatisfy(c -> assertThat(c.status()).isEqualTo("INACTIVE"));
    assertThat(groups()).isEmpty();
    assertThat(liveProviders(List.of(EcsNames.capacityProvider(cluster, "general")))).isEmpty();
    assertThat(
            clients
                .ecs()
                .listTaskDefinitions(
                    r -> r.familyPrefix(ecsName + "-web").status(TaskDefinitionStatus.ACTIVE))
                .taskDefinitionArns())
        .isEmpty();
  }

  @Test
  void refusesAClusterOfTheSameNameThatIsNotOurs() {
    ClusterContext cluster = aws.context(aws.spec());
    clients.ecs().createCluster(r -> r.clusterName(EcsNames.cluster(cluster)));

    assertThatThrownBy(() -> driver.reconcile(cluster))
        .isInstanceOf(CloudException.Conflict.class)
        .hasMessageContaining("not owned");
    assertThat(groups()).isEmpty();
  }

  /**
   * A pass that creates the cluster does not look for its node groups first (it cannot have any
   * yet): one left by a cluster deleted by hand is met by the create, proved ours and adopted.
   */
  @Test
  void aClusterDeletedByHandLeavesItsNodeGroupWhichTheRecreatedClusterAdopts() {
    ClusterContext cluster = aws.context(aws.spec());
    untilReady(cluster);
    String ecsName = EcsNames.cluster(cluster);
    String templateId =
        single(clients.ec2().describeLaunchTemplates().launchTemplates()).launchTemplateId();
    services(ecsName)
        .keySet()
        .forEach(
            s -> ecsItself.ecs().deleteService(r -> r.cluster(ecsName).service(s).force(true)));
    ecsItself
        .ecs()
        .putClusterCapacityProviders(
            r ->
                r.cluster(ecsName)
                    .capacityProviders(List.of())
                    .defaultCapacityProviderStrategy(List.of()));
    ecsItself.ecs().deleteCluster(r -> r.cluster(ecsName));

    // A restarted process: nothing remembered, the cluster found absent and created again.
    driver = new EcsClusterDriver(clients, new AwsNodeGroups(clients));
    untilReady(cluster);

    // One of each, the template adopted. AWS answers the group's create AlreadyExists and the group
    // is adopted too (NodeGroupOwnershipTest, NodeGroupCrashSafetyTest, through a proxy giving
    // AWS's answer); moto replaces a group of the same name instead, so its ARN is not compared.
    assertThat(groups()).hasSize(1);
    assertThat(single(clients.ec2().describeLaunchTemplates().launchTemplates()).launchTemplateId())
        .isEqualTo(templateId);
    assertThat(cluster(ecsName).status()).isEqualTo("ACTIVE");
    assertThat(cluster(ecsName).capacityProviders()).hasSize(1);
  }

  @Test
  void deletesEverythingItMadeInDependencyOrder() {
    ClusterContext cluster = aws.context(aws.spec());
    untilReady(cluster);
    String ecsName = EcsNames.cluster(cluster);
    List<String> providers = cluster(ecsName).capacityProviders();
    clients.metrics().reset();

    List<Deletion> answers = new ArrayList<>();
    Deletion d = Deletion.IN_PROGRESS;
    for (int i = 0; i < MAX_ROUNDS && d != Deletion.GONE; i++) {
      d = driver.delete(cluster);
      answers.add(d);
    }
    System.out.printf(
        "ECS delete: %d calls (%d rounds): %s%n",
        clients.metrics().total(), answers.size(), clients.metrics().snapshot());

    assertThat(d).isEqualTo(Deletion.GONE);
    assertThat(answers).first().isEqualTo(Deletion.IN_PROGRESS);
    assertThat(clients.ecs().describeClusters(r -> r.clusters(ecsName)).clusters())
        .allSatisfy(c -> assertThat(c.status()).isEqualTo("INACTIVE"));
    assertThat(liveProviders(providers)).isEmpty();
    assertThat(groups()).isEmpty();
    assertThat(clients.ec2().describeLaunchTemplates().launchTemplates()).isEmpty();
    assertThat(
            clients
                .ecs()
                .listTaskDefinitions(
                    r -> r.familyPrefix(ecsName + "-web").status(TaskDefinitionStatus.ACTIVE))
                .taskDefinitionArns())
        .isEmpty();
    assertThat(
            new ApplicationAutoScaling(clients)
                .describeScalableTarget(ScalableResource.ecsService(ecsName, "web")))
        .isEmpty();
    // The user's own family stays.
    assertThat(
            clients
                .ecs()
                .describeTaskDefinition(r -> r.taskDefinition(EcsClusterFixture.WORKER_FAMILY))
                .taskDefinition()
                .status())
        .isEqualTo(TaskDefinitionStatus.ACTIVE);

    // Deleting again: nothing left, GONE at once.
    assertThat(driver.delete(cluster)).isEqualTo(Deletion.GONE);
  }

  private ClusterProgress untilReady(ClusterContext cluster) {
    ClusterProgress progress = null;
    for (int i = 0; i < MAX_ROUNDS; i++) {
      progress = driver.reconcile(cluster);
      if (progress.ready()) {
        System.out.printf("ready after %d reconcile(s)%n", i + 1);
        return progress;
      }
      // moto runs no task: between polls, the scheduler starts what the services ask for.
      EcsScheduler.placeTasks(ecsItself.ecs());
    }
    throw new AssertionError(
        "not ready after " + MAX_ROUNDS + " reconciles: " + progress.conditions());
  }

  private static Condition condition(ClusterProgress progress, String type) {
    return progress.conditions().stream()
        .filter(c -> c.type().equals(type))
        .findFirst()
        .orElseThrow();
  }

  private Cluster cluster(String name) {
    return single(
        clients
            .ecs()
            .describeClusters(
                r -> r.clusters(name).include(ClusterField.TAGS, ClusterField.SETTINGS))
            .clusters());
  }

  private CapacityProvider provider(String name) {
    return single(
        clients
            .ecs()
            .describeCapacityProviders(
                r ->
                    r.capacityProviders(name)
                        .include(
                            software.amazon.awssdk.services.ecs.model.CapacityProviderField.TAGS))
            .capacityProviders());
  }

  private List<CapacityProvider> liveProviders(List<String> names) {
    return clients
        .ecs()
        .describeCapacityProviders(r -> r.capacityProviders(names))
        .capacityProviders()
        .stream()
        .filter(p -> !"INACTIVE".equals(p.statusAsString()))
        .toList();
  }

  private List<AutoScalingGroup> groups() {
    return clients.autoScaling().describeAutoScalingGroups().autoScalingGroups();
  }

  private String userData(String template) {
    String encoded =
        clients
            .ec2()
            .describeLaunchTemplateVersions(r -> r.launchTemplateName(template).versions("$Latest"))
            .launchTemplateVersions()
            .get(0)
            .launchTemplateData()
            .userData();
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  private Map<String, Service> services(String ecsName) {
    List<String> arns = clients.ecs().listServices(r -> r.cluster(ecsName)).serviceArns();
    if (arns.isEmpty()) {
      return Map.of();
    }
    return clients
        .ecs()
        .describeServices(r -> r.cluster(ecsName).services(arns).include(ServiceField.TAGS))
        .services()
        .stream()
        .filter(s -> "ACTIVE".equals(s.status()))
        .collect(Collectors.toMap(Service::serviceName, s -> s));
  }

  private static Map<String, String> tags(
      List<software.amazon.awssdk.services.ecs.model.Tag> tags) {
    return tags.stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }
}
