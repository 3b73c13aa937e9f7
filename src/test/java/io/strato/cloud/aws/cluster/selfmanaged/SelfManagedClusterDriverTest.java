package io.strato.cloud.aws.cluster.selfmanaged;

import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.untilReady;
import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.withNodeGroups;
import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.withSelfManaged;
import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.withVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterOutputs;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.reconcile.Condition;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.CrashAfter;
import io.strato.testsupport.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/** Scenarios against moto: what a self-managed cluster leaves in the account after each step. */
class SelfManagedClusterDriverTest {

  private AwsClients clients;
  private SelfManagedFixture aws;

  @BeforeEach
  void freshAccount() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    clients = moto.clients();
    aws = new SelfManagedFixture(clients);
    clients.metrics().reset();
  }

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void createsOneGroupPerZoneBehindAnApiLoadBalancerAndTagsTheNetwork() throws Exception {
    ClusterContext cluster = aws.cluster();

    List<ClusterProgress> steps = untilReady(aws.driver(), cluster);
    System.out.println(
        "self-managed create-to-ready: "
            + steps.size()
            + " reconciles, "
            + clients.metrics().total()
            + " calls "
            + clients.metrics().snapshot());

    // One group per zone, each pinned to its zone's subnet, one member each.
    List<String> subnets = aws.network.privateSubnets();
    for (int i = 0; i < 3; i++) {
      String zone = AwsFixtures.ZONES.get(i);
      AutoScalingGroup g = aws.group(ClusterNodeGroups.cloudName(cluster, "cp-" + zone));
      assertThat(g.vpcZoneIdentifier()).isEqualTo(subnets.get(i));
      assertThat(List.of(g.minSize(), g.maxSize(), g.desiredCapacity())).containsOnly(1);
      assertThat(g.instances()).hasSize(1);
      assertThat(g.tags().stream().map(t -> t.key() + "=" + t.value()))
          .contains("strato.io/owner=" + cluster.uid(), "kubernetes.io/cluster/prod=owned")
          .contains("team=platform");
    }
    AutoScalingGroup workers = aws.group(ClusterNodeGroups.cloudName(cluster, "workers"));
    assertThat(workers.desiredCapacity()).isEqualTo(2);
    assertThat(aws.groups()).hasSize(4);

    // The API load balancer: internal, one subnet per zone, TCP 6443, TCP health check, attached
    // to every control-plane group, so their instances are its targets.
    LoadBalancer lb = single(aws.loadBalancers());
    assertThat(lb.loadBalancerName()).isEqualTo(ApiLoadBalancer.name(cluster));
    assertThat(lb.schemeAsString()).isEqualTo("internal");
    assertThat(lb.availabilityZones().stream().map(z -> z.subnetId()))
        .containsExactlyInAnyOrderElementsOf(subnets);
    Listener listener =
        single(
            clients
                .elb()
                .describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn()))
                .listeners());
    assertThat(listener.port()).isEqualTo(6443);
    assertThat(listener.protocolAsString()).isEqualTo("TCP");
    TargetGroup tg =
        single(
            clients
                .elb()
                .describeTargetGroups(r -> r.loadBalancerArn(lb.loadBalancerArn()))
                .targetGroups());
    assertThat(tg.port()).isEqualTo(6443);
    assertThat(tg.protocolAsString()).isEqualTo("TCP");
    assertThat(tg.healthCheckProtocolAsString()).isEqualTo("TCP");
    assertThat(registeredTargets(tg)).isEqualTo(controlPlaneInstances(cluster));
    for (String zone : AwsFixtures.ZONES) {
      assertThat(aws.group(ControlPlaneLayout.name(cluster, zone)).targetGroupARNs())
          .containsExactly(tg.targetGroupArn());
    }
    assertThat(workers.targetGroupARNs()).isEmpty();
    assertThat(
            clients
                .elb()
                .describeTargetGroupAttributes(r -> r.targetGroupArn(tg.targetGroupArn()))
                .attributes())
        .anySatisfy(
            a -> {
              assertThat(a.key()).isEqualTo("preserve_client_ip.enabled");
              assertThat(a.value()).isEqualTo("false");
            });

    // Subnets and the route tables serving them (the explicit one and the main one) are tagged
    // shared, with Strato's marker.
    for (String subnet : subnets) {
      assertThat(aws.subnetTags(subnet)).containsEntry("kubernetes.io/cluster/prod", "shared");
    }
    assertThat(aws.routeTableTags(aws.explicitRouteTable))
        .containsEntry("kubernetes.io/cluster/prod", "shared");
    assertThat(aws.routeTableTags(aws.mainRouteTable()))
        .containsEntry("kubernetes.io/cluster/prod", "shared")
        .containsEntry("strato.io/network-tag/" + cluster.uid(), "kubernetes.io/cluster/prod");

    // User data: init in the first zone, join elsewhere, one token, the NLB as the endpoint.
    String endpoint = lb.dnsName() + ":6443";
    String init = aws.userData(ControlPlaneLayout.name(cluster, "us-east-1a"));
    assertThat(init)
        .contains("kubeadm init phase $phase --config /etc/kubernetes/strato/init.yaml")
        .contains("controlPlaneEndpoint: \"" + endpoint + "\"")
        .contains("kubernetesVersion: \"stable-1.31\"")
        .contains("podSubnet: \"10.244.0.0/16\"")
        .doesNotContain("${");
    Set<String> tokens = new TreeSet<>();
    tokens.add(tokenSecret(init));
    for (String zone : List.of("us-east-1b", "us-east-1c")) {
      String join = aws.userData(ControlPlaneLayout.name(cluster, zone));
      assertThat(join)
          .contains("kubeadm join --config")
          .contains("apiServerEndpoint: \"" + endpoint + "\"")
          .contains("controlPlane: {}")
          .doesNotContain("certificateKey")
          .doesNotContain("kubeadm init");
      tokens.add(tokenSecret(join));
    }
    String worker = aws.userData(workers.autoScalingGroupName());
    assertThat(worker)
        .contains("apiServerEndpoint: \"" + endpoint + "\"")
        .contains("{name: \"node-labels\", value: \"role=worker\"}")
        .contains("taints: [{key: \"dedicated\", value: \"batch\", effect: \"NoSchedule\"}]")
        .doesNotContain("controlPlane:");
    tokens.add(tokenSecret(worker));
    assertThat(tokens).as("every node reads the one token secret").hasSize(1);

    // What the user sees.
    ClusterProgress ready = steps.get(steps.size() - 1);
    assertThat(ready.conditions())
        .extracting(Condition::type)
        .containsExactly(
            "NetworkReady",
            "LoadBalancerReady",
            "ControlPlaneReady",
            "NodeGroupsReady",
            "UpToDate",
            "RolloutStalled",
            "ImageMatchesBootstrap",
            "BackupCurrent");
    ClusterOutputs out = ready.outputs();
    assertThat(out.type()).isEqualTo("self-managed");
    assertThat(out.version()).isEqualTo("1.31");
    assertThat(out.endpoint()).isEqualTo("https://" + endpoint);
    assertThat(out.selfManaged().zones()).containsExactlyElementsOf(AwsFixtures.ZONES);
    assertThat(out.selfManaged().apiLoadBalancerArn()).isEqualTo(lb.loadBalancerArn());
    assertThat(out.selfManaged().controlPlaneGroups())
        .containsExactly(
            ControlPlaneLayout.name(cluster, "us-east-1a"),
            ControlPlaneLayout.name(cluster, "us-east-1b"),
            ControlPlaneLayout.name(cluster, "us-east-1c"));
    assertThat(single(out.nodeGroups()))
        .isEqualTo(
            new ClusterOutputs.NodeGroupOutput(
                "workers", workers.autoScalingGroupName(), "InService", 1, 5, 2, 2));
    assertThat(steps.get(0).events())
        .extracting(ClusterProgress.ClusterEvent::reason)
        .contains("NetworkTagged", "Created");
    // Nothing secret in what is stored or shown.
    String token = aws.secretValue(BootstrapSecrets.tokenName(cluster)).split(" ")[0];
    assertThat(steps.toString()).doesNotContain(token);

    // Steady state: another reconcile writes nothing.
    clients.metrics().reset();
    assertThat(aws.driver().reconcile(cluster).ready()).isTrue();
    System.out.println("self-managed steady reconcile: " + clients.metrics().snapshot());
    assertThat(writes()).isEmpty();
  }

  @Test
  void anUnchangedClusterPollReadsOnlyTheApiLoadBalancersStateAndNoNetwork() throws Exception {
    ClusterContext cluster = aws.cluster();
    SelfManagedClusterDriver driver = aws.driver();
    untilReady(driver, cluster);

    clients.metrics().reset();
    assertThat(driver.reconcile(cluster).ready()).isTrue();
    Map<String, Long> poll = clients.metrics().snapshot();
    System.out.println("self-managed poll, same process: " + poll);

    assertThat(poll.keySet())
        .as("the load balancer by its state only; subnets and route tables not read again")
        .filteredOn(
            k ->
                k.startsWith("ElasticLoadBalancingV2:")
                    || Set.of(
                            "Ec2:DescribeSubnets",
                            "Ec2:DescribeRouteTables",
                            "Ec2:DescribeSecurityGroups")
                        .contains(k))
        .containsExactly("ElasticLoadBalancingV2:DescribeLoadBalancers");
    assertThat(poll).containsEntry("ElasticLoadBalancingV2:DescribeLoadBalancers", 1L);
    assertThat(poll.keySet())
        .as("the bootstrap secrets were checked on the last pass; not again within ten polls")
        .noneMatch(k -> k.startsWith("SecretsManager:") || k.startsWith("Iam:"));

    // A restarted process remembers nothing and checks everything again.
    clients.metrics().reset();
    assertThat(aws.driver().reconcile(cluster).ready()).isTrue();
    assertThat(clients.metrics().snapshot())
        .containsKeys(
            "Ec2:DescribeSubnets", "Ec2:DescribeRouteTables", "SecretsManager:DescribeSecret")
        .containsKey("ElasticLoadBalancingV2:DescribeListeners");
  }

  @Test
  void aNetworkTagRemovedByHandComesBackWithinTenPolls() throws Exception {
    ClusterContext cluster = aws.cluster();
    SelfManagedClusterDriver driver = aws.driver();
    untilReady(driver, cluster);
    String subnet = cluster.subnetIds().get(0);
    clients
        .ec2()
        .deleteTags(r -> r.resources(subnet).tags(t -> t.key("kubernetes.io/cluster/prod")));

    for (int i = 0; i < 11; i++) {
      driver.reconcile(cluster);
    }

    assertThat(aws.subnetTags(subnet)).containsEntry("kubernetes.io/cluster/prod", "shared");
  }

  @Test
  void fiveReplicasSplitTwoTwoOneWithExactlyOneInitialisingMember() throws Exception {
    ClusterContext cluster = aws.cluster(s -> withSelfManaged(s, aws.selfManaged(5, null, null)));

    untilReady(aws.driver(), cluster);

    Map<String, Integer> perZone = new java.util.TreeMap<>();
    int initialising = 0;
    for (AutoScalingGroup g : aws.groups()) {
      if (!g.autoScalingGroupName().contains("-cp-")) {
        continue;
      }
      String zone = aws.subnetZone(g.vpcZoneIdentifier());
      perZone.merge(zone, g.desiredCapacity(), Integer::sum);
      if (aws.userData(g.autoScalingGroupName()).contains("kubeadm init")) {
        initialising += g.desiredCapacity();
        assertThat(List.of(g.minSize(), g.maxSize())).containsOnly(1);
      }
    }
    assertThat(perZone.values()).containsExactly(2, 2, 1);
    assertThat(initialising).as("instances that would run kubeadm init").isEqualTo(1);
    assertThat(aws.userData(ControlPlaneLayout.joinName(cluster, "us-east-1a")))
        .contains("kubeadm join --config")
        .doesNotContain("kubeadm init");
    assertThat(registeredTargets(targetGroup())).hasSize(5);
  }

  @Test
  void anInternetFacingApiWithoutPublicSubnetsIsReportedAndNothingIsCreated() throws Exception {
    // The fixture's public subnets carry kubernetes.io/role/elb but no route to the internet.
    ClusterContext cluster = aws.cluster(s -> withSelfManaged(s, aws.internetFacing()));

    ClusterProgress p = aws.driver().reconcile(cluster);

    Condition lb = condition(p, "LoadBalancerReady");
    assertThat(lb.isTrue()).isFalse();
    assertThat(lb.reason()).isEqualTo("NoPublicSubnets");
    assertThat(lb.message())
        .contains("[us-east-1a, us-east-1b, us-east-1c]")
        .contains(aws.network.vpcId());
    assertThat(p.events())
        .extracting(ClusterProgress.ClusterEvent::reason)
        .contains("NoPublicSubnets");
    assertThat(aws.loadBalancers()).isEmpty();
    assertThat(aws.groups()).isEmpty();
  }

  @Test
  void anInternetFacingApiGoesIntoTheSubnetsThatRouteToAnInternetGateway() throws Exception {
    List<String> pub = aws.network.publicSubnets();
    aws.routeToInternet(pub);
    ClusterContext cluster = aws.cluster(s -> withSelfManaged(s, aws.internetFacing()));
    SelfManagedClusterDriver driver = aws.driver();

    untilReady(driver, cluster);

    LoadBalancer lb = single(aws.loadBalancers());
    assertThat(lb.schemeAsString()).isEqualTo("internet-facing");
    assertThat(lb.availabilityZones().stream().map(z -> z.subnetId()))
        .containsExactlyInAnyOrderElementsOf(pub);
    // The members still run in the cluster's private subnets.
    assertThat(aws.group(ControlPlaneLayout.name(cluster, "us-east-1a")).vpcZoneIdentifier())
        .isEqualTo(aws.network.privateSubnets().get(0));

    clients.metrics().reset();
    assertThat(driver.reconcile(cluster).ready()).isTrue();
    assertThat(clients.metrics().snapshot())
        .as("the public subnets found last pass are trusted for the next polls")
        .doesNotContainKeys("Ec2:DescribeSubnets", "Ec2:DescribeRouteTables");
  }

  @Test
  void controlPlaneReadyFollowsTheApiTargetsHealthNotTheGroupsBeingInService() throws Exception {
    ClusterContext cluster = aws.cluster();
    untilReady(aws.driver(), cluster);
    // moto reports a registered target healthy unless its instance is stopped; AWS's TCP check
    // fails the same way when nothing listens on 6443.
    String member =
        aws.group(ControlPlaneLayout.name(cluster, "us-east-1b")).instances().get(0).instanceId();
    clients.ec2().stopInstances(r -> r.instanceIds(member));

    clients.metrics().reset();
    ClusterProgress p = aws.driver().reconcile(cluster);

    Condition cp = condition(p, "ControlPlaneReady");
    assertThat(cp.isTrue()).isFalse();
    assertThat(cp.reason()).isEqualTo("MembersNotAnswering");
    assertThat(cp.message()).contains("2 of 3").contains(member).contains("Target.InvalidState");
    assertThat(p.ready()).isFalse();
    assertThat(clients.metrics().snapshot())
        .containsEntry("ElasticLoadBalancingV2:DescribeTargetHealth", 1L);

    clients.ec2().startInstances(r -> r.instanceIds(member));
    Condition again = condition(aws.driver().reconcile(cluster), "ControlPlaneReady");
    assertThat(again.isTrue()).isTrue();
    assertThat(again.reason()).isEqualTo("ApiAnswering");
  }

  @Test
  void scalingAWorkerGroupChangesOnlyThatGroup() throws Exception {
    ClusterContext cluster = aws.cluster();
    untilReady(aws.driver(), cluster);
    ClusterContext scaled = aws.cluster(s -> withNodeGroups(s, List.of(aws.workers(4))));

    clients.metrics().reset();
    List<ClusterProgress> steps = untilReady(aws.driver(), scaled);

    assertThat(aws.group(ClusterNodeGroups.cloudName(cluster, "workers")).desiredCapacity())
        .isEqualTo(4);
    assertThat(single(steps.get(steps.size() - 1).outputs().nodeGroups()).instances()).isEqualTo(4);
    assertThat(writes()).containsOnlyKeys("AutoScaling:UpdateAutoScalingGroup");
  }

  @Test
  void aNewVersionBecomesNewLaunchTemplateVersionsOfTheSameGroups() throws Exception {
    ClusterContext cluster = aws.cluster();
    untilReady(aws.driver(), cluster);
    List<String> before = aws.groups().stream().map(g -> g.autoScalingGroupName()).toList();

    List<ClusterProgress> steps =
        untilReady(aws.driver(), aws.cluster(s -> withVersion(s, "1.32.3")));

    assertThat(aws.groups().stream().map(g -> g.autoScalingGroupName()))
        .containsExactlyInAnyOrderElementsOf(before);
    for (String group : before) {
      assertThat(aws.versions(group)).hasSize(2);
      assertThat(aws.group(group).launchTemplate().version()).isEqualTo("2");
    }
    assertThat(aws.userData(ControlPlaneLayout.name(cluster, "us-east-1a")))
        .contains("kubernetesVersion: \"v1.32.3\"");
    assertThat(steps.get(0).outputs().version()).isEqualTo("1.32.3");
    assertThat(steps.get(0).events()).extracting(e -> e.reason()).contains("Updated");
  }

  @Test
  void theUsersTemplatesReplaceTheBuiltInOnes() throws Exception {
    String cp = "#!/bin/sh\nrole=${controlPlaneRole} zone=${zone} at=${apiEndpoint} x=$${HOME}\n";
    String wk = "#!/bin/sh\njoin ${apiEndpoint} labels=${nodeLabels}\n";
    ClusterContext cluster = aws.cluster(s -> withSelfManaged(s, aws.selfManaged(3, cp, wk)));

    untilReady(aws.driver(), cluster);

    String dns = single(aws.loadBalancers()).dnsName();
    assertThat(aws.userData(ControlPlaneLayout.name(cluster, "us-east-1a")))
        .isEqualTo("#!/bin/sh\nrole=init zone=us-east-1a at=" + dns + ":6443 x=${HOME}\n");
    assertThat(aws.userData(ControlPlaneLayout.name(cluster, "us-east-1c")))
        .isEqualTo("#!/bin/sh\nrole=join zone=us-east-1c at=" + dns + ":6443 x=${HOME}\n");
    assertThat(aws.userData(ClusterNodeGroups.cloudName(cluster, "workers")))
        .isEqualTo("#!/bin/sh\njoin " + dns + ":6443 labels=role=worker\n");
  }

  @Test
  void aBrokenUserTemplateIsRefusedWithItsProblemsBeforeAnyCloudCall() {
    ClusterContext cluster =
        aws.cluster(
            s -> withSelfManaged(s, aws.selfManaged(3, "#!/bin/sh\necho ${HOME} ${token}", null)));

    assertThatThrownBy(() -> aws.driver().reconcile(cluster))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> assertThat(e.reason()).isEqualTo("InvalidBootstrapTemplate"))
        .hasMessageContaining("controlPlaneTemplate: unknown variable ${HOME}");
    assertThat(clients.metrics().total()).isZero();
  }

  @Test
  void aWorkerGroupNamedLikeAControlPlaneZoneIsRefused() {
    ClusterContext cluster =
        aws.cluster(s -> withNodeGroups(s, List.of(renamed(aws.workers(1), "cp-us-east-1b"))));

    assertThatThrownBy(() -> aws.driver().reconcile(cluster))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> assertThat(e.reason()).isEqualTo("NodeGroupNameReserved"));
    assertThat(clients.metrics().total()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CreateTags",
        "CreateLoadBalancer",
        "CreateLaunchTemplate",
        "CreateAutoScalingGroup",
        "AttachLoadBalancerTargetGroups",
        "AddTags",
        "CreateSecret",
        "PutResourcePolicy"
      })
  void aRestartMidCreationCreatesNothingTwice(String lastCall) throws Exception {
    ClusterContext cluster = aws.cluster();
    // The process dies right after this call took effect: its answer is lost, nothing after it
    // runs. (The attachment happens on the second pass, so a pass may finish before the crash.)
    try (AwsClients crashing = MotoServer.shared().clients(List.of(CrashAfter.first(lastCall)))) {
      SelfManagedClusterDriver doomed = SelfManagedFixture.driver(crashing);
      assertThatThrownBy(
              () -> {
                for (int pass = 0; pass < 3; pass++) {
                  doomed.reconcile(cluster);
                }
              })
          .hasStackTraceContaining("simulated crash after " + lastCall);
    }

    // A new process: a new driver, nothing in memory.
    untilReady(SelfManagedFixture.driver(clients), cluster);

    assertThat(aws.groups()).hasSize(4);
    assertThat(aws.templateNames()).hasSize(4).doesNotHaveDuplicates();
    for (String name : aws.templateNames()) {
      assertThat(aws.versions(name)).hasSize(1);
    }
    assertThat(aws.loadBalancers()).hasSize(1);
    TargetGroup tg = targetGroup();
    assertThat(registeredTargets(tg)).isEqualTo(controlPlaneInstances(cluster));
    assertThat(
            clients.ec2().describeSecurityGroups().securityGroups().stream()
                .filter(g -> g.groupName().startsWith("strato-nlb-")))
        .hasSize(1);
    // One CA: the one whose hash every node pins is the one in the secret.
    assertThat(aws.secretNames())
        .containsExactlyInAnyOrder(
            BootstrapSecrets.pkiName(cluster), BootstrapSecrets.tokenName(cluster));
    assertThat(aws.userData(ClusterNodeGroups.cloudName(cluster, "workers")))
        .contains(BootstrapSecretsTest.caHashOfStoredCa(aws, cluster));
    // And a delete after the crash leaves no secret behind.
    Deletion d = Deletion.IN_PROGRESS;
    for (int i = 0; i < 10 && d == Deletion.IN_PROGRESS; i++) {
      d = SelfManagedFixture.driver(clients).delete(cluster);
    }
    assertThat(d).isEqualTo(Deletion.GONE);
    assertThat(aws.secretNames()).isEmpty();
  }

  /**
   * The pass that creates the API load balancer creates the secrets without a look first: with the
   * load balancer deleted by hand after the cluster was made, a new process makes it again, finds
   * the secrets through CreateSecret's refusal, and keeps the CA every node pins.
   */
  @Test
  void anApiLoadBalancerMadeAgainFindsTheSecretsInsteadOfMakingNewOnes() throws Exception {
    ClusterContext cluster = aws.cluster();
    untilReady(aws.driver(), cluster);
    String caHash = BootstrapSecretsTest.caHashOfStoredCa(aws, cluster);
    LoadBalancer lb = single(aws.loadBalancers());
    clients.elb().deleteLoadBalancer(r -> r.loadBalancerArn(lb.loadBalancerArn()));
    clients.metrics().reset();

    untilReady(SelfManagedFixture.driver(clients), cluster);

    assertThat(clients.metrics().snapshot())
        .containsEntry("ElasticLoadBalancingV2:CreateLoadBalancer", 1L)
        .containsEntry("SecretsManager:CreateSecret", 2L)
        .containsEntry("SecretsManager:DescribeSecret", 2L);
    assertThat(aws.loadBalancers()).hasSize(1);
    assertThat(aws.secretNames())
        .containsExactlyInAnyOrder(
            BootstrapSecrets.pkiName(cluster), BootstrapSecrets.tokenName(cluster));
    assertThat(BootstrapSecretsTest.caHashOfStoredCa(aws, cluster)).isEqualTo(caHash);
    assertThat(aws.userData(ClusterNodeGroups.cloudName(cluster, "workers"))).contains(caHash);
  }

  @Test
  void aWorkerGroupDroppedFromTheSpecIsDeleted() throws Exception {
    ClusterContext cluster = aws.cluster();
    untilReady(aws.driver(), cluster);

    untilReady(aws.driver(), aws.cluster(s -> withNodeGroups(s, List.of())));

    assertThat(aws.groups()).hasSize(3);
    assertThat(aws.templateNames()).hasSize(3);
  }

  @Test
  void deleteLeavesNothingOfStratoAndOnlyTheTagsItAdded() throws Exception {
    // The user had tagged one subnet for the cluster before Strato: that tag stays.
    String pretagged = aws.network.privateSubnets().get(1);
    clients
        .ec2()
        .createTags(
            r ->
                r.resources(pretagged)
                    .tags(t -> t.key("kubernetes.io/cluster/prod").value("shared")));
    ClusterContext cluster = aws.cluster();
    untilReady(aws.driver(), cluster);
    assertThat(aws.subnetTags(pretagged))
        .doesNotContainKey("strato.io/network-tag/" + cluster.uid());

    // The driver gets its own clients so that the count below is only its calls.
    AwsClients own = MotoServer.shared().clients();
    SelfManagedClusterDriver driver = SelfManagedFixture.driver(own);
    // Dependency order, one step per call: workers first, while the API still answers...
    assertThat(driver.delete(cluster)).isEqualTo(Deletion.IN_PROGRESS);
    assertThat(aws.groups())
        .extracting(AutoScalingGroup::autoScalingGroupName)
        .containsExactlyInAnyOrderElementsOf(controlPlaneGroupNames(cluster));
    assertThat(aws.loadBalancers()).hasSize(1);
    // ...then the control plane, whose groups take their target group attachments with them (so
    // the load balancer has nothing left to detach), then the API load balancer; the network tags
    // go last.
    assertThat(driver.delete(cluster)).isEqualTo(Deletion.IN_PROGRESS);
    assertThat(aws.groups()).isEmpty();
    assertThat(aws.loadBalancers()).hasSize(1);
    assertThat(aws.subnetTags(aws.network.privateSubnets().get(0)))
        .containsKey("kubernetes.io/cluster/prod");
    int calls = 2;
    Deletion d = Deletion.IN_PROGRESS;
    while (d == Deletion.IN_PROGRESS && calls < 10) {
      d = driver.delete(cluster);
      calls++;
    }
    System.out.println(
        "self-managed delete: "
            + calls
            + " delete calls, "
            + own.metrics().total()
            + " AWS calls "
            + own.metrics().snapshot());
    own.close();

    assertThat(d).isEqualTo(Deletion.GONE);
    assertThat(aws.groups()).isEmpty();
    assertThat(aws.templateNames()).isEmpty();
    assertThat(aws.loadBalancers()).isEmpty();
    assertThat(clients.elb().describeTargetGroups().targetGroups()).isEmpty();
    assertThat(
            clients.ec2().describeSecurityGroups().securityGroups().stream()
                .filter(g -> g.tags().stream().anyMatch(t -> t.key().equals("strato.io/owner"))))
        .isEmpty();
    assertThat(aws.subnetTags(pretagged)).containsEntry("kubernetes.io/cluster/prod", "shared");
    for (String subnet :
        List.of(aws.network.privateSubnets().get(0), aws.network.privateSubnets().get(2))) {
      assertThat(aws.subnetTags(subnet)).doesNotContainKey("kubernetes.io/cluster/prod");
    }
    assertThat(aws.routeTableTags(aws.mainRouteTable())).isEmpty();
    assertThat(aws.routeTableTags(aws.explicitRouteTable)).isEmpty();
    assertThat(aws.secretNames()).as("the bootstrap secrets go with the cluster").isEmpty();

    // Deleting again finds nothing and is done at once.
    assertThat(aws.driver().delete(cluster)).isEqualTo(Deletion.GONE);
  }

  @Test
  void fewerThanThreeZonesIsRefusedWithoutACloudCall() throws Exception {
    List<String> twoZones = aws.network.privateSubnets().subList(0, 2);
    ClusterContext cluster = aws.cluster(s -> s, twoZones);

    ClusterProgress p = aws.driver().reconcile(cluster);

    assertThat(p.conditions())
        .filteredOn(c -> c.type().equals(ClusterProgress.CONTROL_PLANE_READY))
        .singleElement()
        .satisfies(c -> assertThat(c.reason()).isEqualTo("InsufficientZones"));
    assertThat(p.ready()).isFalse();
    assertThat(clients.metrics().total()).isZero();
  }

  // --- helpers ---

  private static ClusterNodeGroupDto renamed(ClusterNodeGroupDto g, String name) {
    return new ClusterNodeGroupDto(
        name,
        g.imageId(),
        g.instanceType(),
        g.instanceTypes(),
        g.capacityType(),
        g.amiType(),
        g.diskSize(),
        g.nodeRole(),
        g.instanceProfile(),
        g.keyName(),
        g.securityGroups(),
        g.userData(),
        g.subnetIds(),
        g.minSize(),
        g.maxSize(),
        g.desiredCapacity(),
        g.scaling(),
        g.nodeLabels(),
        g.nodeTaints(),
        g.updateConfig(),
        g.tags());
  }

  private static Condition condition(ClusterProgress p, String type) {
    return p.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
  }

  private TargetGroup targetGroup() {
    return single(clients.elb().describeTargetGroups().targetGroups());
  }

  private Set<String> registeredTargets(TargetGroup tg) {
    return clients
        .elb()
        .describeTargetHealth(r -> r.targetGroupArn(tg.targetGroupArn()))
        .targetHealthDescriptions()
        .stream()
        .map(d -> d.target().id())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> controlPlaneGroupNames(ClusterContext cluster) {
    return AwsFixtures.ZONES.stream().map(z -> ControlPlaneLayout.name(cluster, z)).toList();
  }

  private Set<String> controlPlaneInstances(ClusterContext cluster) {
    return AwsFixtures.ZONES.stream()
        .flatMap(z -> aws.group(ControlPlaneLayout.name(cluster, z)).instances().stream())
        .map(i -> i.instanceId())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Calls that changed something, by name. */
  private Map<String, Long> writes() {
    return clients.metrics().snapshot().entrySet().stream()
        .filter(e -> !e.getKey().contains(":Describe"))
        // S3 reads: the snapshot bucket's tags and listing (see EtcdBackups)
        .filter(e -> !e.getKey().contains(":Get") && !e.getKey().contains(":List"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** The ARN of the token secret a node's user data reads. */
  private static String tokenSecret(String userData) {
    Matcher m =
        Pattern.compile("'(arn:aws:secretsmanager:[^']+/join-token[^']*)'").matcher(userData);
    assertThat(m.find()).as("the token secret's ARN in the user data").isTrue();
    return m.group(1);
  }

  private static <T> T single(List<T> list) {
    assertThat(list).hasSize(1);
    return list.get(0);
  }
}
