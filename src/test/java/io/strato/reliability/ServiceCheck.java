package io.strato.reliability;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strato.cloud.aws.AwsClients;
import io.strato.controller.service.ServiceLoadBalancerDesired;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * What a user of each campaign Service sees, checked against moto (read directly): an NLB under the
 * Service's name whose DNS name is in the Service's status, the scheme the annotation asked for,
 * and one target group per port.
 *
 * @param problems one line per Service that is not so
 * @param twins Services with a second NLB under their name: AWS answers a repeated
 *     CreateLoadBalancer of the same name and settings with the existing one, moto creates another,
 *     so a lost answer and the SDK's retry leave a twin that only the emulator makes (see {@link
 *     Inventory#loadBalancerNameTwins()}); Strato must still use one and delete both
 * @param serviceTargetGroupArns the target groups of the Services' NLBs
 */
record ServiceCheck(
    int services, List<String> problems, List<String> twins, List<String> serviceTargetGroupArns) {

  static final String READY_CONDITION = "LoadBalancerReady";

  static boolean ready(Service s) {
    return s != null && hostname(s) != null && conditionTrue(s);
  }

  static ServiceCheck of(KubernetesClient kube, AwsClients moto, int services) {
    // moto's pages can repeat an item: count each ARN once.
    Map<String, List<LoadBalancer>> byName =
        moto.elb().describeLoadBalancersPaginator().loadBalancers().stream()
            .collect(Collectors.toMap(LoadBalancer::loadBalancerArn, lb -> lb, (a, b) -> a))
            .values()
            .stream()
            .collect(Collectors.groupingBy(LoadBalancer::loadBalancerName));
    // ... and a group's loadBalancerArns can name one load balancer twice (moto appends the ARN
    // again when a CreateListener whose answer was lost is retried): count each group once per
    // load balancer.
    Map<String, List<TargetGroup>> groupsByLb = new java.util.HashMap<>();
    moto.elb().describeTargetGroupsPaginator().targetGroups().stream()
        .collect(Collectors.toMap(TargetGroup::targetGroupArn, g -> g, (a, b) -> a))
        .values()
        .forEach(
            g ->
                g.loadBalancerArns().stream()
                    .distinct()
                    .forEach(lb -> groupsByLb.computeIfAbsent(lb, k -> new ArrayList<>()).add(g)));
    List<String> problems = new ArrayList<>();
    List<String> arns = new ArrayList<>();
    List<String> twins = new ArrayList<>();
    for (int i = 0; i < services; i++) {
      String key = AnnotatedServices.namespace(i) + "/" + AnnotatedServices.name(i);
      Service s =
          kube.services()
              .inNamespace(AnnotatedServices.namespace(i))
              .withName(AnnotatedServices.name(i))
              .get();
      if (s == null) {
        problems.add(key + ": gone");
        continue;
      }
      String name = ServiceLoadBalancerDesired.name(s);
      List<LoadBalancer> lbs = byName.getOrDefault(name, List.of());
      if (lbs.size() > 1) {
        twins.add(key + " x" + lbs.size());
      }
      // moto gives twins the same DNS name: the one in use is the one with target groups.
      LoadBalancer lb =
          lbs.stream()
              .filter(l -> l.dnsName().equals(hostname(s)))
              .max(
                  java.util.Comparator.comparingInt(
                      l -> groupsByLb.getOrDefault(l.loadBalancerArn(), List.of()).size()))
              .orElse(null);
      if (lb == null) {
        problems.add(key + ": status hostname " + hostname(s) + " is no NLB named " + name);
        continue;
      }
      if (!conditionTrue(s)) {
        problems.add(key + ": condition not True");
      }
      boolean internal =
          AnnotatedServices.service(i)
              .getMetadata()
              .getAnnotations()
              .containsKey("service.beta.kubernetes.io/aws-load-balancer-internal");
      if (!lb.schemeAsString().equals(internal ? "internal" : "internet-facing")) {
        problems.add(key + ": scheme " + lb.schemeAsString());
      }
      List<TargetGroup> groups = groupsByLb.getOrDefault(lb.loadBalancerArn(), List.of());
      if (groups.size() != s.getSpec().getPorts().size()) {
        problems.add(
            key
                + ": "
                + groups.size()
                + " target groups for "
                + s.getSpec().getPorts().size()
                + " ports");
      }
      groups.forEach(g -> arns.add(g.targetGroupArn()));
    }
    return new ServiceCheck(services, problems, twins, arns);
  }

  /** Target groups among {@code arns} that do not have exactly {@code instances} registered. */
  static int groupsMissing(AwsClients moto, List<String> arns, List<String> instances) {
    Set<String> want = new HashSet<>(instances);
    int missing = 0;
    for (String arn : arns) {
      Set<String> registered =
          moto
              .elb()
              .describeTargetHealth(r -> r.targetGroupArn(arn))
              .targetHealthDescriptions()
              .stream()
              .map(d -> d.target().id())
              .collect(Collectors.toSet());
      if (!registered.equals(want)) {
        missing++;
      }
    }
    return missing;
  }

  @Override
  public String toString() {
    return services
        + " Services, "
        + (services - problems.size())
        + " with exactly one NLB, their hostname in status and a target group per port ("
        + serviceTargetGroupArns.size()
        + " groups)"
        + (twins.isEmpty() ? "" : "; moto name twins: " + twins)
        + (problems.isEmpty() ? "" : "; problems: " + problems);
  }

  private static String hostname(Service s) {
    if (s.getStatus() == null || s.getStatus().getLoadBalancer() == null) {
      return null;
    }
    var ingress = s.getStatus().getLoadBalancer().getIngress();
    return ingress == null || ingress.isEmpty() ? null : ingress.get(0).getHostname();
  }

  private static boolean conditionTrue(Service s) {
    List<Condition> conditions = s.getStatus() == null ? null : s.getStatus().getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> READY_CONDITION.equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
