package io.strato.cloud.aws.elb;

import io.strato.cloud.loadbalancer.ListenerSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;

/**
 * The ingress rules of a managed security group as flat (protocol, port, CIDR) triples, so desired
 * and actual compare as sets. Rules that name other groups or prefix lists are not Strato's and are
 * ignored.
 */
final class IngressRules {

  static final String EVERYWHERE = "0.0.0.0/0";

  /** One opened port for one source range. */
  record Rule(String protocol, int fromPort, int toPort, String cidr) implements Comparable<Rule> {
    static Rule port(String protocol, int port, String cidr) {
      return new Rule(protocol, port, port, cidr);
    }

    @Override
    public int compareTo(Rule o) {
      return toString().compareTo(o.toString());
    }
  }

  /** What to authorise and what to revoke; each becomes at most one API call. */
  record Changes(Set<Rule> authorize, Set<Rule> revoke) {
    boolean isEmpty() {
      return authorize.isEmpty() && revoke.isEmpty();
    }
  }

  private IngressRules() {}

  static Set<Rule> desired(List<ListenerSpec> listeners, List<String> sourceRanges) {
    List<String> cidrs = sourceRanges.isEmpty() ? List.of(EVERYWHERE) : sourceRanges;
    Set<Rule> rules = new TreeSet<>();
    for (ListenerSpec listener : listeners) {
      for (String protocol : ipProtocols(listener)) {
        cidrs.forEach(cidr -> rules.add(Rule.port(protocol, listener.port(), cidr)));
      }
    }
    return rules;
  }

  static Set<Rule> actual(List<IpPermission> permissions) {
    Set<Rule> rules = new TreeSet<>();
    for (IpPermission p : permissions) {
      int from = p.fromPort() == null ? -1 : p.fromPort();
      int to = p.toPort() == null ? -1 : p.toPort();
      p.ipRanges().forEach(r -> rules.add(new Rule(p.ipProtocol(), from, to, r.cidrIp())));
      p.ipv6Ranges().forEach(r -> rules.add(new Rule(p.ipProtocol(), from, to, r.cidrIpv6())));
    }
    return rules;
  }

  static Changes changes(Set<Rule> desired, Set<Rule> actual) {
    Set<Rule> authorize = new TreeSet<>(desired);
    authorize.removeAll(actual);
    Set<Rule> revoke = new TreeSet<>(actual);
    revoke.removeAll(desired);
    return new Changes(authorize, revoke);
  }

  /** The rules grouped per (protocol, port range), the shape the EC2 API takes them in. */
  static List<IpPermission> permissions(Collection<Rule> rules) {
    Map<String, List<Rule>> grouped = new LinkedHashMap<>();
    rules.forEach(
        r ->
            grouped
                .computeIfAbsent(
                    r.protocol() + "/" + r.fromPort() + "/" + r.toPort(), k -> new ArrayList<>())
                .add(r));
    return grouped.values().stream().map(IngressRules::permission).toList();
  }

  private static IpPermission permission(List<Rule> rules) {
    Rule first = rules.get(0);
    return IpPermission.builder()
        .ipProtocol(first.protocol())
        .fromPort(first.fromPort())
        .toPort(first.toPort())
        .ipRanges(
            rules.stream()
                .filter(r -> !r.cidr().contains(":"))
                .map(r -> IpRange.builder().cidrIp(r.cidr()).build())
                .toList())
        .ipv6Ranges(
            rules.stream()
                .filter(r -> r.cidr().contains(":"))
                .map(r -> Ipv6Range.builder().cidrIpv6(r.cidr()).build())
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
