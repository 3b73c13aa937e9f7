package io.strato.reliability;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strato.cloud.aws.AwsClients;
import io.strato.testsupport.AwsFixtures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The cluster side of a CCM campaign: Nodes backed by moto instances and {@code LoadBalancer}
 * Services in the Kubernetes API, and what the cloud holds for them, read straight from moto.
 */
final class ServiceFleet {

  static final String NAMESPACE = "default";
  static final String FINALIZER = "service.kubernetes.io/load-balancer-cleanup";

  private final KubernetesClient kube;
  private final AwsClients aws;
  private final List<String> names = new ArrayList<>();
  private final Map<String, Integer> nodePorts = new HashMap<>();

  ServiceFleet(KubernetesClient kube, AwsClients aws) {
    this.kube = kube;
    this.aws = aws;
  }

  /**
   * The same fleet reached through another client (another endpoint of the same API): Services it
   * creates are this fleet's too.
   */
  ServiceFleet via(KubernetesClient other) {
    ServiceFleet through = new ServiceFleet(other, aws);
    through.names.addAll(names);
    through.nodePorts.putAll(nodePorts);
    return through;
  }

  /** Takes on the Services {@code other} (from {@link #via}) created. */
  void adopt(ServiceFleet other) {
    for (String name : other.names) {
      if (!names.contains(name)) {
        names.add(name);
        nodePorts.put(name, other.nodePorts.get(name));
      }
    }
  }

  /** Runs {@code count} instances and registers each as a Ready Node, as kubelets would. */
  void nodes(AwsFixtures network, int count) {
    List<Instance> instances =
        aws.ec2()
            .runInstances(
                r ->
                    r.imageId(AwsFixtures.imageId(aws.ec2()))
                        .instanceType("t3.micro")
                        .minCount(count)
                        .maxCount(count)
                        .subnetId(network.publicSubnets().get(0)))
            .instances();
    for (int i = 0; i < instances.size(); i++) {
      Instance instance = instances.get(i);
      kube.nodes()
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName("node-" + i)
                  .endMetadata()
                  .withNewSpec()
                  .withProviderID(
                      "aws:///"
                          + instance.placement().availabilityZone()
                          + "/"
                          + instance.instanceId())
                  .endSpec()
                  .withNewStatus()
                  .addNewCondition()
                  .withType("Ready")
                  .withStatus("True")
                  .endCondition()
                  .endStatus()
                  .build())
          .create();
    }
  }

  /** A new {@code LoadBalancer} Service with one TCP port. */
  void create(String name, int nodePort) {
    kube.services()
        .inNamespace(NAMESPACE)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withType("LoadBalancer")
                .addNewPort()
                .withName("tcp")
                .withProtocol("TCP")
                .withPort(80)
                .withNodePort(nodePort)
                .endPort()
                .endSpec()
                .build())
        .create();
    names.add(name);
    nodePorts.put(name, nodePort);
  }

  /**
   * Moves a Service to another node port: its target group must be replaced (groups are named by
   * what they forward to) and the old one deleted.
   */
  void changeNodePort(String name, int nodePort) {
    kube.services()
        .inNamespace(NAMESPACE)
        .withName(name)
        .edit(
            s -> {
              s.getSpec().getPorts().get(0).setNodePort(nodePort);
              return s;
            });
    nodePorts.put(name, nodePort);
  }

  List<String> names() {
    return List.copyOf(names);
  }

  int size() {
    return names.size();
  }

  /** How many Services show a load balancer hostname in their status. */
  long withIngress() {
    return names.stream().map(this::hostname).filter(Optional::isPresent).count();
  }

  Optional<String> hostname(String name) {
    Service s = kube.services().inNamespace(NAMESPACE).withName(name).get();
    if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null) {
      return Optional.empty();
    }
    return s.getStatus().getLoadBalancer().getIngress().stream()
        .map(i -> i.getHostname())
        .filter(h -> h != null && !h.isEmpty())
        .findFirst();
  }

  /**
   * What is wrong with the cloud side of the Services: each must have exactly one load balancer
   * owned by its UID, and its status must name that load balancer's DNS name. Empty when right.
   */
  List<String> problems() {
    Map<String, List<LoadBalancer>> byOwner = new HashMap<>();
    for (LoadBalancer lb : aws.elb().describeLoadBalancersPaginator().loadBalancers()) {
      owner(lb).ifPresent(o -> byOwner.computeIfAbsent(o, k -> new ArrayList<>()).add(lb));
    }
    Map<String, List<Integer>> ports = targetGroupPorts();
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      Service s = kube.services().inNamespace(NAMESPACE).withName(name).get();
      List<LoadBalancer> owned = byOwner.getOrDefault(s.getMetadata().getUid(), List.of());
      Optional<String> hostname = hostname(name);
      if (owned.size() != 1) {
        problems.add(name + " owns " + owned.size() + " load balancers");
      } else if (!hostname.equals(Optional.of(owned.get(0).dnsName()))) {
        problems.add(name + " shows " + hostname + " but owns " + owned.get(0).dnsName());
      } else {
        List<Integer> forwards = ports.getOrDefault(owned.get(0).loadBalancerName(), List.of());
        if (!forwards.equals(List.of(nodePorts.get(name)))) {
          problems.add(
              name + " forwards to node ports " + forwards + ", not " + nodePorts.get(name));
        }
      }
    }
    return problems;
  }

  /** Deletes every Service; the CCM removes its finalizer once the cloud side is gone. */
  void deleteAll() {
    for (String name : names) {
      kube.services().inNamespace(NAMESPACE).withName(name).delete();
    }
  }

  /** How many of the Services the API still holds (deleting ones wait for their finalizer). */
  long remaining() {
    return names.stream()
        .filter(n -> kube.services().inNamespace(NAMESPACE).withName(n).get() != null)
        .count();
  }

  /** The identity holding the CCM's Lease now, if any. */
  Optional<String> leaseHolder() {
    Lease lease =
        kube.leases().inNamespace(Deployment.LEASE_NAMESPACE).withName(Deployment.LEASE_NAME).get();
    return Optional.ofNullable(lease)
        .map(l -> l.getSpec().getHolderIdentity())
        .filter(h -> !h.isEmpty());
  }

  /** Target group ports by the load balancer each group names in its tag. */
  private Map<String, List<Integer>> targetGroupPorts() {
    Map<String, List<Integer>> ports = new HashMap<>();
    for (TargetGroup g : aws.elb().describeTargetGroupsPaginator().targetGroups()) {
      aws.elb().describeTags(r -> r.resourceArns(g.targetGroupArn())).tagDescriptions().stream()
          .flatMap(d -> d.tags().stream())
          .filter(t -> t.key().equals("strato.io/load-balancer"))
          .findFirst()
          .ifPresent(t -> ports.computeIfAbsent(t.value(), k -> new ArrayList<>()).add(g.port()));
    }
    return ports;
  }

  private Optional<String> owner(LoadBalancer lb) {
    return aws
        .elb()
        .describeTags(r -> r.resourceArns(lb.loadBalancerArn()))
        .tagDescriptions()
        .stream()
        .flatMap(d -> d.tags().stream())
        .filter(t -> t.key().equals("strato.io/owner"))
        .map(t -> t.value())
        .findFirst();
  }
}
