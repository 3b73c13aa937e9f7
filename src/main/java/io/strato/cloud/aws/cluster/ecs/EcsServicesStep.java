package io.strato.cloud.aws.cluster.ecs;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.aws.RecentlyUsed;
import io.strato.cloud.aws.appscaling.ScalableResource;
import io.strato.cloud.aws.ecs.EcsServices;
import io.strato.cloud.aws.ecs.EcsTags;
import io.strato.cloud.aws.ecs.ServiceChanges;
import io.strato.cloud.aws.ecs.ServiceScaling;
import io.strato.cloud.aws.ecs.ServiceSpec;
import io.strato.cloud.aws.ecs.TaskDefinitionSpec;
import io.strato.cloud.aws.ecs.TaskDefinitions;
import io.strato.cloud.aws.elb.TaskPortIngress;
import io.strato.cloud.aws.elb.TaskPortIngress.ServiceTarget;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterOutputs.EcsServiceOutput;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.EcsServiceDto;
import io.strato.cloud.cluster.ClusterSpecDto.LoadBalancerRefDto;
import io.strato.reconcile.Condition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The cluster's services: each one's task definition, the service itself, and its autoscaling;
 * services and Strato-registered task definition families no longer in the spec are removed. The
 * container instances' security groups admit each service's load balancer on its tasks' host ports
 * ({@link TaskPortIngress}).
 */
final class EcsServicesStep {

  private static final String PROGRESSING = "Progressing";

  private final TaskDefinitions taskDefinitions;
  private final EcsServices services;
  private final ServiceScaling scaling;
  private final TaskPortIngress ingress;

  /** A full check of the closed rules at least once in this many passes (see closeRemembered). */
  static final int CLOSED_CHECK_EVERY = 10;

  /**
   * Per cluster UID: the last check that found every rule closed, for which inputs, and the passes
   * answered from it since.
   */
  private record Closed(String vpcId, Map<String, List<String>> instanceGroups, int passes) {}

  private final Map<String, Closed> closed = RecentlyUsed.synchronizedMap(1_000);

  EcsServicesStep(
      TaskDefinitions taskDefinitions,
      EcsServices services,
      ServiceScaling scaling,
      TaskPortIngress ingress) {
    this.taskDefinitions = taskDefinitions;
    this.services = services;
    this.scaling = scaling;
    this.ingress = ingress;
  }

  record Result(Condition condition, List<EcsServiceOutput> outputs, List<ClusterEvent> events) {}

  /**
   * Why one service is not ready yet (null when it is), and where its load balancer reaches its
   * tasks (null without one).
   */
  private record Verdict(
      EcsServiceOutput output, String pendingReason, String pendingMessage, ServiceTarget target) {
    Verdict(EcsServiceOutput output, String pendingReason, String pendingMessage) {
      this(output, pendingReason, pendingMessage, null);
    }

    Verdict withTarget(ServiceTarget target) {
      return new Verdict(output, pendingReason, pendingMessage, target);
    }
  }

  Result ensure(
      ClusterContext cluster, String ecsCluster, List<String> providers, Map<String, String> tags) {
    Map<String, Service> existing = new LinkedHashMap<>();
    services.list(ecsCluster).forEach(s -> existing.put(s.serviceName(), s));
    // Listed first: a family not among them has no revision to compare with (no read).
    List<String> families = taskDefinitions.families(EcsNames.familyPrefix(ecsCluster));
    List<ClusterEvent> events = new ArrayList<>();
    List<EcsServiceOutput> outputs = new ArrayList<>();
    List<ServiceTarget> targets = new ArrayList<>();
    String reason = null;
    String message = null;
    for (EcsServiceDto dto : EcsDesired.services(cluster)) {
      Verdict v =
          ensureOne(
              cluster,
              ecsCluster,
              providers,
              tags,
              dto,
              existing.get(dto.name()),
              families,
              events);
      if (v.output() != null) {
        outputs.add(v.output());
      }
      if (v.target() != null) {
        targets.add(v.target());
      }
      // What blocks a service (a load balancer, a drain) says more than "just changed".
      if (v.pendingReason() != null && (reason == null || PROGRESSING.equals(reason))) {
        reason = v.pendingReason();
        message = v.pendingMessage();
      }
    }
    removeUnwanted(cluster, ecsCluster, existing.values(), families, events);
    if (targets.isEmpty() ? closeRemembered(cluster) : admit(cluster, targets)) {
      events.add(
          ClusterEvent.normal(
              "Updated",
              "container instance security group rules now admit the load balancers of "
                  + targets.stream().map(ServiceTarget::service).toList()));
    }
    Condition condition =
        reason == null
            ? Condition.of(
                ClusterProgress.SERVICES_READY,
                true,
                "Ready",
                outputs.size() + " service(s) as declared")
            : Condition.of(ClusterProgress.SERVICES_READY, false, reason, message);
    return new Result(condition, outputs, events);
  }

  private Verdict ensureOne(
      ClusterContext cluster,
      String ecsCluster,
      List<String> providers,
      Map<String, String> tags,
      EcsServiceDto dto,
      Service observed,
      List<String> families,
      List<ClusterEvent> events) {
    if (observed != null && !cluster.owner().owns(EcsTags.toMap(observed.tags()))) {
      throw new CloudException.Conflict(
          "aws",
          "CreateService",
          "ECS service " + dto.name() + " in " + ecsCluster + " belongs to another owner",
          null);
    }
    if (observed != null && "DRAINING".equals(observed.status())) {
      return new Verdict(
          null,
          "Draining",
          "service " + dto.name() + " is still being deleted; it comes back once gone");
    }
    ResolvedTask task =
        resolveTask(
            ecsCluster,
            dto,
            tags,
            observed == null ? null : observed.taskDefinition(),
            families,
            events);
    ServiceSpec.LoadBalancerTarget lb = null;
    ServiceTarget target = null;
    if (dto.loadBalancer() != null) {
      LoadBalancerRefDto ref = dto.loadBalancer();
      Optional<String> tg = cluster.loadBalancers().targetGroupArn(ref.name(), ref.listenerPort());
      if (tg.isEmpty()) {
        return new Verdict(
            observed == null ? null : output(dto, observed, null),
            "LoadBalancerPending",
            "service "
                + dto.name()
                + " waits for LoadBalancer "
                + ref.name()
                + " to have a listener on "
                + ref.listenerPort());
      }
      lb =
          new ServiceSpec.LoadBalancerTarget(
              tg.get(), task.containerFor(ref.containerPort()), ref.containerPort());
      target =
          TaskHostPorts.of(
                  dto.name(),
                  tg.get(),
                  task.networkMode(),
                  task.hostPortFor(ref.containerPort()),
                  ref.containerPort())
              .orElse(null);
    }
    ServiceScaling.Desired autoscaling = EcsDesired.scaling(dto.autoscaling());
    ServiceSpec spec =
        new ServiceSpec(
            ecsCluster,
            dto.name(),
            task.reference(),
            dto.desiredCount(),
            providers,
            lb,
            EcsDesired.circuitBreaker(dto),
            autoscaling != null,
            tags,
            EcsNames.clientToken(cluster.uid(), dto.name()));

    Service current = observed;
    boolean changed = false;
    boolean created = current == null;
    if (created) {
      current = services.create(spec);
      events.add(ClusterEvent.normal("Created", "ECS service " + dto.name() + " created"));
      changed = true;
    } else {
      ServiceChanges changes = ServiceChanges.between(spec, current);
      if (changes.any()) {
        current = services.update(spec, changes);
        events.add(
            ClusterEvent.normal(
                "Updated", "ECS service " + dto.name() + " updated: " + describe(changes)));
        changed = true;
      }
    }

    ServiceScaling.ScaledService scaled = scaled(ecsCluster, current);
    String policyArn = null;
    if (autoscaling != null) {
      ServiceScaling.Ensured s = scaling.ensure(scaled, autoscaling, tags, created);
      policyArn = s.policyArn();
      if (s.outcome() != ChangeOutcome.UNCHANGED) {
        events.add(
            ClusterEvent.normal(
                "Updated",
                "autoscaling of service " + dto.name() + " " + s.outcome().name().toLowerCase()));
        changed = true;
      }
    } else if (scaling.remove(scaled, created)) {
      events.add(
          ClusterEvent.normal("Updated", "autoscaling of service " + dto.name() + " removed"));
      changed = true;
    }
    EcsServiceOutput out = output(dto, current, policyArn);
    if (changed) {
      return new Verdict(out, PROGRESSING, "service " + dto.name() + " was just changed")
          .withTarget(target);
    }
    String waiting = ServiceReadiness.waiting(dto.name(), out.desiredCount(), out.runningCount());
    return (waiting == null
            ? new Verdict(out, null, null)
            : new Verdict(out, ServiceReadiness.TASKS_STARTING, waiting))
        .withTarget(target);
  }

  /**
   * Opens the capacity node groups' security groups to these services' load balancers and closes
   * them to every other service of the cluster; with no target, closes them to all (a teardown).
   *
   * @return whether a rule changed
   */
  boolean admit(ClusterContext cluster, List<ServiceTarget> targets) {
    closed.remove(cluster.uid());
    return ingress
        .ensure(cluster.owner(), cluster.vpcId(), instanceGroups(cluster), targets)
        .changed();
  }

  /**
   * {@link #admit} with no service behind a load balancer, skipped while this process's last such
   * call for the same VPC and node group security groups found every rule closed, for at most
   * {@link #CLOSED_CHECK_EVERY} passes in a row. With no target the wanted state is "no rule of
   * this cluster's anywhere", which nothing of Strato's changes while it holds: only a rule written
   * by an earlier process (a restart reads, since this memory starts empty) or by hand under
   * Strato's description (taken back at the next check, at most that many passes later).
   */
  private boolean closeRemembered(ClusterContext cluster) {
    Map<String, List<String>> groups = instanceGroups(cluster);
    Closed last = closed.get(cluster.uid());
    if (last != null
        && last.passes() + 1 < CLOSED_CHECK_EVERY
        && last.vpcId().equals(String.valueOf(cluster.vpcId()))
        && last.instanceGroups().equals(groups)) {
      closed.put(cluster.uid(), new Closed(last.vpcId(), last.instanceGroups(), last.passes() + 1));
      return false;
    }
    boolean changed = ingress.ensure(cluster.owner(), cluster.vpcId(), groups, List.of()).changed();
    closed.put(cluster.uid(), new Closed(String.valueOf(cluster.vpcId()), groups, 0));
    return changed;
  }

  private static Map<String, List<String>> instanceGroups(ClusterContext cluster) {
    Map<String, List<String>> instanceGroups = new LinkedHashMap<>();
    for (ClusterNodeGroupDto ng : ClusterNodeGroups.of(cluster.spec())) {
      instanceGroups.put(
          ng.name(), ng.securityGroups() == null ? List.of() : List.copyOf(ng.securityGroups()));
    }
    return instanceGroups;
  }

  /**
   * The task definition a service runs, and how to find the container a load balancer targets.
   *
   * @param networkMode the task definition's network mode (null: bridge)
   */
  private record ResolvedTask(
      String reference,
      List<ContainerDefinition> containers,
      String inlineContainer,
      String networkMode) {

    /** The host port the container's mapping of this port names, null when none (dynamic). */
    Integer hostPortFor(int port) {
      for (ContainerDefinition c : containers) {
        for (PortMapping p : c.portMappings()) {
          if (p.containerPort() != null && p.containerPort() == port) {
            return p.hostPort();
          }
        }
      }
      return null;
    }

    String containerFor(int port) {
      if (inlineContainer != null) {
        return inlineContainer;
      }
      return containers.stream()
          .filter(c -> c.portMappings().stream().anyMatch(p -> p.containerPort() == port))
          .map(ContainerDefinition::name)
          .findFirst()
          .orElse(containers.isEmpty() ? null : containers.get(0).name());
    }
  }

  /**
   * @param running the revision the service runs now, or null
   */
  private ResolvedTask resolveTask(
      String ecsCluster,
      EcsServiceDto dto,
      Map<String, String> tags,
      String running,
      List<String> families,
      List<ClusterEvent> events) {
    if (dto.container() == null && dto.taskDefinition() == null) {
      throw new CloudException.InvalidRequest(
          "aws",
          "CreateService",
          "InvalidSpec",
          "service " + dto.name() + " needs a taskDefinition or a container",
          null);
    }
    if (dto.container() == null) {
      // Given by the user and used as is; read only to aim a load balancer and open its ports.
      if (dto.loadBalancer() == null) {
        return new ResolvedTask(dto.taskDefinition(), List.of(), null, null);
      }
      TaskDefinition given = taskDefinitions.describe(dto.taskDefinition());
      return new ResolvedTask(
          dto.taskDefinition(),
          given.containerDefinitions(),
          null,
          given.networkMode() == null ? null : given.networkModeAsString());
    }
    TaskDefinitionSpec desired = EcsDesired.taskDefinition(ecsCluster, dto);
    Optional<String> matching = taskDefinitions.matching(desired, running, families);
    if (matching.isPresent()) {
      return new ResolvedTask(
          matching.get(), List.of(), desired.containerName(), TaskDefinitionSpec.NETWORK_MODE);
    }
    String arn = taskDefinitions.register(desired, tags);
    events.add(ClusterEvent.normal("Updated", "task definition " + arn + " registered"));
    return new ResolvedTask(
        arn, List.of(), desired.containerName(), TaskDefinitionSpec.NETWORK_MODE);
  }

  /** Services of ours the spec no longer names, and the task definitions Strato made for them. */
  private void removeUnwanted(
      ClusterContext cluster,
      String ecsCluster,
      Iterable<Service> existing,
      List<String> families,
      List<ClusterEvent> events) {
    Set<String> wanted = new HashSet<>();
    Set<String> inlineFamilies = new HashSet<>();
    for (EcsServiceDto dto : EcsDesired.services(cluster)) {
      wanted.add(dto.name());
      if (dto.container() != null) {
        inlineFamilies.add(EcsNames.family(ecsCluster, dto.name()));
      }
    }
    for (Service s : existing) {
      if (!wanted.contains(s.serviceName())
          && "ACTIVE".equals(s.status())
          && cluster.owner().owns(EcsTags.toMap(s.tags()))) {
        remove(ecsCluster, s);
        events.add(ClusterEvent.normal("Deleted", "ECS service " + s.serviceName() + " deleted"));
      }
    }
    for (String family : families) {
      if (!inlineFamilies.contains(family)) {
        taskDefinitions.deregisterFamily(family);
      }
    }
  }

  /**
   * Scaling first (it would fight the drain), then the service. DeleteService with {@code force}
   * stops the running tasks itself, so the count is not lowered to zero first (AWS's DeleteService
   * reference: force deletes a service that was not scaled down).
   */
  void remove(String ecsCluster, Service s) {
    scaling.remove(scaled(ecsCluster, s), false);
    services.delete(ecsCluster, s.serviceName());
  }

  /** The service's scalable resource, with its creation time as the generation. */
  private static ServiceScaling.ScaledService scaled(String ecsCluster, Service s) {
    return new ServiceScaling.ScaledService(
        ScalableResource.ecsService(ecsCluster, s.serviceName()),
        s.createdAt() == null ? null : s.createdAt().toString());
  }

  private static EcsServiceOutput output(EcsServiceDto dto, Service s, String policyArn) {
    return new EcsServiceOutput(
        dto.name(),
        s.serviceArn(),
        s.taskDefinition(),
        s.desiredCount() == null ? 0 : s.desiredCount(),
        s.runningCount() == null ? 0 : s.runningCount(),
        policyArn);
  }

  private static String describe(ServiceChanges c) {
    List<String> parts = new ArrayList<>();
    if (c.desiredCount() != null) {
      parts.add("desiredCount " + c.desiredCount());
    }
    if (c.taskDefinition() != null) {
      parts.add("task definition " + c.taskDefinition());
    }
    if (c.circuitBreaker() != null) {
      parts.add("circuit breaker " + c.circuitBreaker());
    }
    if (c.capacityProviders() != null) {
      parts.add("capacity providers " + c.capacityProviders());
    }
    if (c.loadBalancer() != null) {
      parts.add("target group " + c.loadBalancer().targetGroupArn());
    }
    return String.join(", ", parts);
  }
}
