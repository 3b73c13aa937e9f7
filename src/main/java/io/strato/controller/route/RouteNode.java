package io.strato.controller.route;

import io.fabric8.kubernetes.api.model.Node;
import io.strato.cloud.network.Ipv4Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the route controller needs to know of a Node: its instance and its pod CIDRs. Parsed once at
 * the edge so that the plan is a function of plain records.
 *
 * @param instanceId from {@code spec.providerID}; empty until the node controller has set it
 * @param podCidrs {@code spec.podCIDRs}, or the legacy single {@code spec.podCIDR}
 */
record RouteNode(String name, Optional<String> instanceId, List<String> podCidrs) {

  /** {@code aws:///<zone>/<instance-id>}; the zone may be empty in old clusters. */
  private static final Pattern PROVIDER_ID = Pattern.compile("^aws://[^/]*/[^/]*/(i-[0-9a-f]+)$");

  RouteNode {
    podCidrs = List.copyOf(podCidrs);
  }

  static RouteNode of(Node node) {
    var spec = node.getSpec();
    List<String> cidrs = new ArrayList<>();
    Optional<String> instance = Optional.empty();
    if (spec != null) {
      if (spec.getPodCIDRs() != null && !spec.getPodCIDRs().isEmpty()) {
        cidrs.addAll(spec.getPodCIDRs());
      } else if (spec.getPodCIDR() != null && !spec.getPodCIDR().isBlank()) {
        cidrs.add(spec.getPodCIDR());
      }
      instance = instanceId(spec.getProviderID());
    }
    return new RouteNode(node.getMetadata().getName(), instance, cidrs);
  }

  static Optional<String> instanceId(String providerId) {
    if (providerId == null) {
      return Optional.empty();
    }
    Matcher m = PROVIDER_ID.matcher(providerId.trim());
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** IPv4 pod CIDRs only; see {@link RoutePlan} for why IPv6 ones get no route. */
  List<String> ipv4PodCidrs() {
    return podCidrs.stream().filter(c -> Ipv4Cidr.parse(c).isPresent()).toList();
  }

  /** Whether the controller can route this node yet: it has an instance and a pod CIDR. */
  boolean routable() {
    return instanceId.isPresent() && !ipv4PodCidrs().isEmpty();
  }
}
