package io.strato.cloud.aws.elb;

import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.loadbalancer.Target;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * The targets registered in a target group, made to match a desired set with at most one register
 * and one deregister call per group.
 */
final class TargetRegistrations {

  /** A registration: a target on a port. */
  record Registration(String id, int port) implements Comparable<Registration> {
    @Override
    public int compareTo(Registration o) {
      int byId = id.compareTo(o.id);
      return byId != 0 ? byId : Integer.compare(port, o.port);
    }
  }

  /** What to register and deregister. */
  record Changes(Set<Registration> register, Set<Registration> deregister) {
    boolean isEmpty() {
      return register.isEmpty() && deregister.isEmpty();
    }
  }

  private final ElasticLoadBalancingV2Client elb;

  TargetRegistrations(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  static Set<Registration> on(Collection<Target> targets, int port) {
    Set<Registration> out = new TreeSet<>();
    targets.forEach(t -> out.add(new Registration(t.id(), port)));
    return out;
  }

  /**
   * The difference; with {@code exact} false nothing is deregistered (another party, an Auto
   * Scaling group, registers targets in the same group).
   */
  static Changes changes(Set<Registration> desired, Set<Registration> registered, boolean exact) {
    Set<Registration> register = new TreeSet<>(desired);
    register.removeAll(registered);
    Set<Registration> deregister = new TreeSet<>();
    if (exact) {
      deregister.addAll(registered);
      deregister.removeAll(desired);
    }
    return new Changes(register, deregister);
  }

  /**
   * Registers and deregisters so that the group holds {@code desired}. A group created in this
   * reconcile holds nothing, so it is not read.
   */
  boolean reconcile(String groupArn, Set<Registration> desired, boolean exact, boolean fresh) {
    if (desired.isEmpty() && (fresh || !exact)) {
      return false; // nothing to add, nothing to remove: no need to read
    }
    Changes changes = changes(desired, fresh ? Set.of() : registered(groupArn), exact);
    apply(groupArn, changes);
    return !changes.isEmpty();
  }

  /** At most one register and one deregister call, none for an empty side; nothing is read. */
  void apply(String groupArn, Changes changes) {
    if (!changes.register().isEmpty()) {
      AwsErrors.run(
          "elbv2:RegisterTargets",
          () ->
              elb.registerTargets(
                  r -> r.targetGroupArn(groupArn).targets(descriptions(changes.register()))));
    }
    if (!changes.deregister().isEmpty()) {
      AwsErrors.run(
          "elbv2:DeregisterTargets",
          () ->
              elb.deregisterTargets(
                  r -> r.targetGroupArn(groupArn).targets(descriptions(changes.deregister()))));
    }
  }

  /** Registered targets; draining ones are already on their way out and count as gone. */
  Set<Registration> registered(String groupArn) {
    Set<Registration> out = new TreeSet<>();
    AwsErrors.call(
            "elbv2:DescribeTargetHealth",
            () -> elb.describeTargetHealth(r -> r.targetGroupArn(groupArn)))
        .targetHealthDescriptions()
        .stream()
        .filter(
            d ->
                d.targetHealth() == null
                    || d.targetHealth().state() != TargetHealthStateEnum.DRAINING)
        .forEach(d -> out.add(new Registration(d.target().id(), d.target().port())));
    return out;
  }

  private static List<TargetDescription> descriptions(Set<Registration> registrations) {
    return registrations.stream()
        .map(r -> TargetDescription.builder().id(r.id()).port(r.port()).build())
        .toList();
  }
}
