package io.strato.cloud.aws.elb;

import io.strato.cloud.loadbalancer.ListenerStatus;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.Scheme;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Turns what was observed or done into the provider-neutral status the SPI returns. */
final class LoadBalancerStatuses {

  private LoadBalancerStatuses() {}

  /** As observed: the target groups admitting it are those recorded on it. */
  static LoadBalancerStatus of(ObservedLoadBalancer lb, List<ObservedListener> listeners) {
    return of(lb, listeners, false, TargetSecurityGroups.recorded(lb.tags()));
  }

  static LoadBalancerStatus of(
      ObservedLoadBalancer lb,
      List<ObservedListener> listeners,
      boolean cleanupPending,
      Collection<String> targetSecurityGroupIds) {
    return new LoadBalancerStatus(
        lb.arn(),
        lb.name(),
        lb.dnsName(),
        lb.scheme() == Scheme.INTERNAL ? "internal" : "internet-facing",
        lb.state(),
        lb.vpcId(),
        lb.subnetIds(),
        lb.securityGroupIds(),
        listeners.stream()
            .sorted(Comparator.comparingInt(ObservedListener::port))
            .map(
                l ->
                    new ListenerStatus(
                        l.port(),
                        l.protocol(),
                        l.arn(),
                        l.targetGroupArn(),
                        l.targetGroupArn() == null
                            ? null
                            : ObservedTargetGroup.nameFromArn(l.targetGroupArn())))
            .toList(),
        cleanupPending,
        List.copyOf(targetSecurityGroupIds));
  }
}
