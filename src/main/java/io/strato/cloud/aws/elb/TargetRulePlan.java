package io.strato.cloud.aws.elb;

import io.strato.cloud.loadbalancer.ListenerSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * The rules a load balancer needs in its targets' security groups, and what to authorise and revoke
 * to get there: pure functions of records, no AWS call. A rule is Strato's only when its
 * description is exactly this load balancer's ({@link #description}); every other rule in the
 * group, whoever wrote it, is neither revoked nor counted as satisfying ours.
 */
final class TargetRulePlan {

  /**
   * AWS's default for "Inbound rules per security group" (IPv4 and IPv6 counted apart); an account
   * with a raised quota says so in {@code strato.ccm.security-group-rules-per-group}.
   */
  static final int DEFAULT_RULES_PER_GROUP = 60;

  /**
   * One opened port range for one source: a CIDR, or a security group ID ({@code sg-...}). Ordered
   * so that batches and messages come out the same on every run.
   */
  record Rule(String protocol, int fromPort, int toPort, String source)
      implements Comparable<Rule> {
    static Rule port(String protocol, int port, String source) {
      return new Rule(protocol, port, port, source);
    }

    boolean fromGroup() {
      return source.startsWith("sg-");
    }

    boolean ipv6() {
      return source.contains(":");
    }

    @Override
    public int compareTo(Rule o) {
      return toString().compareTo(o.toString());
    }
  }

  /**
   * Where the load balancer's packets come from, as the targets see them.
   *
   * @param loadBalancerGroups the load balancer's security groups; when not empty, the only source
   * @param clientCidrs the client ranges, for a load balancer without groups (it keeps client IPs)
   * @param subnetCidrs the load balancer's subnets, where its health checks come from
   */
  record Sources(
      List<String> loadBalancerGroups, List<String> clientCidrs, List<String> subnetCidrs) {
    Sources {
      loadBalancerGroups = List.copyOf(loadBalancerGroups);
      clientCidrs = List.copyOf(clientCidrs);
      subnetCidrs = List.copyOf(subnetCidrs);
    }
  }

  /** What to do in one group; revoke goes first, so a port move frees its slot before the add. */
  record GroupChanges(String groupId, Set<Rule> authorize, Set<Rule> revoke) {
    boolean isEmpty() {
      return authorize.isEmpty() && revoke.isEmpty();
    }
  }

  /**
   * The changes per group that has any, and the groups the authorisations would push over the
   * rules-per-group quota (then nothing may be applied: a half-opened set of ports is worse than a
   * clear refusal).
   */
  record Plan(List<GroupChanges> changes, List<String> overQuota) {
    boolean isEmpty() {
      return changes.isEmpty();
    }
  }

  private TargetRulePlan() {}

  /** The description that marks a rule as this load balancer's, naming its owner. */
  static String description(String ownerUid, String loadBalancerName) {
    return "strato.io/owner=" + ownerUid + " lb=" + loadBalancerName;
  }

  /**
   * The description that marks a rule as one ECS service's, naming the cluster that owns it: one
   * per service, whatever load balancer it sits behind, so a service that loses its load balancer
   * or leaves the spec is found by its description alone.
   */
  static String serviceDescription(String ownerUid, String service) {
    return servicePrefix(ownerUid) + service;
  }

  /** What every {@link #serviceDescription} of this owner starts with. */
  static String servicePrefix(String ownerUid) {
    return "strato.io/owner=" + ownerUid + " ecs-service=";
  }

  /** The descriptions in these permissions that start with the prefix. */
  static Set<String> descriptionsStartingWith(List<IpPermission> permissions, String prefix) {
    Set<String> out = new TreeSet<>();
    for (IpPermission p : permissions) {
      p.ipRanges().stream().map(IpRange::description).forEach(d -> addIf(out, d, prefix));
      p.ipv6Ranges().stream().map(Ipv6Range::description).forEach(d -> addIf(out, d, prefix));
      p.userIdGroupPairs().stream()
          .map(UserIdGroupPair::description)
          .forEach(d -> addIf(out, d, prefix));
    }
    return out;
  }

  private static void addIf(Set<String> out, String description, String prefix) {
    if (description != null && description.startsWith(prefix)) {
      out.add(description);
    }
  }

  /**
   * Each listener's target port (a NodePort) for its protocols, and its health-check port over TCP.
   * From the load balancer's groups, both; without groups the clients reach the target ports and
   * the subnets the health-check ports, unless a rule from everywhere already covers that port.
   */
  static Set<Rule> desired(List<ListenerSpec> listeners, Sources sources) {
    Set<Rule> rules = new TreeSet<>();
    List<String> trafficSources =
        sources.loadBalancerGroups().isEmpty()
            ? sources.clientCidrs()
            : sources.loadBalancerGroups();
    List<String> healthSources =
        sources.loadBalancerGroups().isEmpty()
            ? sources.subnetCidrs()
            : sources.loadBalancerGroups();
    for (ListenerSpec listener : listeners) {
      for (String protocol : ipProtocols(listener)) {
        trafficSources.forEach(s -> rules.add(Rule.port(protocol, listener.targetPort(), s)));
      }
    }
    for (ListenerSpec listener : listeners) {
      int port = healthPort(listener);
      if (!rules.contains(Rule.port("tcp", port, IngressRules.EVERYWHERE))) {
        healthSources.forEach(s -> rules.add(Rule.port("tcp", port, s)));
      }
    }
    return rules;
  }

  private static int healthPort(ListenerSpec listener) {
    return listener.healthCheck() == null || listener.healthCheck().port() == null
        ? listener.targetPort()
        : listener.healthCheck().port();
  }

  /**
   * Which of an instance's groups admits the load balancer, as cloud-provider-aws picks it: the one
   * tagged {@code kubernetes.io/cluster/<id>}, else the instance's first group. Several tagged
   * groups are ambiguous (upstream refuses them too): the caller turns that into an error.
   *
   * @throws IllegalArgumentException when more than one of the groups is tagged for the cluster
   */
  static Optional<String> pick(String instanceId, List<String> instanceGroups, Set<String> tagged) {
    List<String> ours = instanceGroups.stream().filter(tagged::contains).toList();
    if (ours.size() > 1) {
      throw new IllegalArgumentException(
          "instance "
              + instanceId
              + " has several security groups tagged for the cluster "
              + ours
              + "; tag only the one that should admit load balancers");
    }
    return ours.isEmpty() ? instanceGroups.stream().findFirst() : Optional.of(ours.get(0));
  }

  /** The rules in these permissions that carry exactly this description. */
  static Set<Rule> ours(List<IpPermission> permissions, String description) {
    Set<Rule> rules = new TreeSet<>();
    for (IpPermission p : permissions) {
      int from = p.fromPort() == null ? -1 : p.fromPort();
      int to = p.toPort() == null ? -1 : p.toPort();
      for (IpRange r : p.ipRanges()) {
        if (description.equals(r.description())) {
          rules.add(new Rule(p.ipProtocol(), from, to, r.cidrIp()));
        }
      }
      for (Ipv6Range r : p.ipv6Ranges()) {
        if (description.equals(r.description())) {
          rules.add(new Rule(p.ipProtocol(), from, to, r.cidrIpv6()));
        }
      }
      for (UserIdGroupPair g : p.userIdGroupPairs()) {
        if (description.equals(g.description())) {
          rules.add(new Rule(p.ipProtocol(), from, to, g.groupId()));
        }
      }
    }
    return rules;
  }

  /**
   * The changes that leave exactly {@code desired} of ours in each target group and none of ours in
   * any other group we look at, checked against the quota.
   *
   * @param targetGroups the groups that must hold the desired rules
   * @param actual the inbound permissions of every group looked at: the target groups and those
   *     that held our rules before
   */
  static Plan plan(
      Set<Rule> desired,
      Set<String> targetGroups,
      Map<String, List<IpPermission>> actual,
      String description,
      int rulesPerGroup) {
    List<GroupChanges> changes = new ArrayList<>();
    List<String> overQuota = new ArrayList<>();
    for (Map.Entry<String, List<IpPermission>> group : new TreeMap<>(actual).entrySet()) {
      Set<Rule> want = targetGroups.contains(group.getKey()) ? desired : Set.of();
      Set<Rule> have = ours(group.getValue(), description);
      Set<Rule> authorize = new TreeSet<>(want);
      authorize.removeAll(have);
      Set<Rule> revoke = new TreeSet<>(have);
      revoke.removeAll(want);
      GroupChanges change = new GroupChanges(group.getKey(), authorize, revoke);
      if (change.isEmpty()) {
        continue;
      }
      changes.add(change);
      quotaProblem(group.getKey(), group.getValue(), change, rulesPerGroup)
          .ifPresent(overQuota::add);
    }
    return new Plan(changes, overQuota);
  }

  /**
   * AWS counts every source of every permission as one rule, IPv4 (with group references) and IPv6
   * each against its own quota.
   */
  private static Optional<String> quotaProblem(
      String groupId, List<IpPermission> permissions, GroupChanges change, int limit) {
    int v4 = 0;
    int v6 = 0;
    for (IpPermission p : permissions) {
      v4 += p.ipRanges().size() + p.userIdGroupPairs().size() + p.prefixListIds().size();
      v6 += p.ipv6Ranges().size();
    }
    for (Rule r : change.revoke()) {
      if (r.ipv6()) {
        v6--;
      } else {
        v4--;
      }
    }
    for (Rule r : change.authorize()) {
      if (r.ipv6()) {
        v6++;
      } else {
        v4++;
      }
    }
    int worst = Math.max(v4, v6);
    if (worst <= limit) {
      return Optional.empty();
    }
    return Optional.of(
        "security group "
            + groupId
            + " would hold "
            + worst
            + " inbound rules, over the quota of "
            + limit
            + " per group");
  }

  /** The rules in the shape the EC2 API takes them: one permission per protocol and port range. */
  static List<IpPermission> permissions(Collection<Rule> rules, String description) {
    Map<String, List<Rule>> grouped = new LinkedHashMap<>();
    rules.forEach(
        r ->
            grouped
                .computeIfAbsent(
                    r.protocol() + "/" + r.fromPort() + "/" + r.toPort(), k -> new ArrayList<>())
                .add(r));
    return grouped.values().stream().map(g -> permission(g, description)).toList();
  }

  private static IpPermission permission(List<Rule> rules, String description) {
    Rule first = rules.get(0);
    return IpPermission.builder()
        .ipProtocol(first.protocol())
        .fromPort(first.fromPort())
        .toPort(first.toPort())
        .userIdGroupPairs(
            rules.stream()
                .filter(Rule::fromGroup)
                .map(
                    r ->
                        UserIdGroupPair.builder()
                            .groupId(r.source())
                            .description(description)
                            .build())
                .toList())
        .ipRanges(
            rules.stream()
                .filter(r -> !r.fromGroup() && !r.ipv6())
                .map(r -> IpRange.builder().cidrIp(r.source()).description(description).build())
                .toList())
        .ipv6Ranges(
            rules.stream()
                .filter(r -> !r.fromGroup() && r.ipv6())
                .map(r -> Ipv6Range.builder().cidrIpv6(r.source()).description(description).build())
                .toList())
        .build();
  }

  private static List<String> ipProtocols(ListenerSpec listener) {
    return switch (listener.protocol()) {
      case TCP, TLS -> List.of("tcp");
      case UDP -> List.of("udp");
      case TCP_UDP -> List.of("tcp", "udp");
    };
  }
}
