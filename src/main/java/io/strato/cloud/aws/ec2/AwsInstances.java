package io.strato.cloud.aws.ec2;

import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.instance.InstanceMetadata;
import io.strato.cloud.instance.Instances;
import io.strato.cloud.instance.NodeRef;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Finds the instances behind nodes with as few DescribeInstances as possible: one batch per kind of
 * key (instance ID from the providerID or from a node named after its instance, else private DNS
 * name = node name, and for nodes still not found the internal IP), whatever the number of nodes.
 *
 * <p>Keys go in as filters, not as {@code InstanceIds}: with InstanceIds one unknown ID fails the
 * whole request ({@code InvalidInstanceID.NotFound}), so one deleted instance would blind the node
 * controller to every other node of the batch.
 */
public final class AwsInstances implements Instances {

  private static final Logger LOG = Logger.getLogger(AwsInstances.class);

  /** EC2 accepts at most 200 values per filter. */
  static final int MAX_FILTER_VALUES = 200;

  private final AwsClients clients;
  private final AwsZoneIds zoneIds;

  public AwsInstances(AwsClients clients) {
    this.clients = clients;
    this.zoneIds = new AwsZoneIds(clients, Clock.systemUTC(), Duration.ofMinutes(10));
  }

  @Override
  public Map<String, InstanceMetadata> lookup(Collection<NodeRef> nodes) {
    Map<String, Instance> found = instances(nodes);
    Map<String, String> ids =
        zoneIds.ids(
            found.values().stream()
                .map(AwsInstances::zone)
                .filter(zone -> zone != null)
                .collect(Collectors.toSet()));
    Map<String, InstanceMetadata> out = new LinkedHashMap<>();
    found.forEach(
        (name, instance) ->
            out.put(
                name, AwsInstanceMetadata.of(instance, clients.region(), ids.get(zone(instance)))));
    return out;
  }

  private static String zone(Instance instance) {
    return instance.placement() == null ? null : instance.placement().availabilityZone();
  }

  private Map<String, Instance> instances(Collection<NodeRef> nodes) {
    Map<String, Instance> found = new LinkedHashMap<>();
    Map<String, List<String>> byId = new HashMap<>();
    List<NodeRef> byName = new ArrayList<>();
    for (NodeRef node : nodes) {
      Optional<String> id = AwsInstanceIds.instanceId(node.providerId());
      if (id.isEmpty() && blank(node.providerId())) {
        id = AwsInstanceIds.fromNodeName(node.nodeName());
        byName.add(node);
      }
      // A providerID of another kind (Fargate, another cloud) is not ours to answer for.
      id.ifPresent(i -> byId.computeIfAbsent(i, k -> new ArrayList<>()).add(node.nodeName()));
    }
    match(byId, "instance-id", Instance::instanceId, found);
    // A node named after an instance that was found needs no look-up by DNS name or IP.
    byName.removeIf(n -> found.containsKey(n.nodeName()));

    Map<String, List<String>> byDns = new HashMap<>();
    byName.forEach(
        n -> byDns.computeIfAbsent(n.nodeName(), k -> new ArrayList<>()).add(n.nodeName()));
    match(byDns, "private-dns-name", Instance::privateDnsName, found);

    Map<String, List<String>> byIp = new HashMap<>();
    byName.stream()
        .filter(n -> !found.containsKey(n.nodeName()) && !blank(n.internalIp()))
        .forEach(
            n -> byIp.computeIfAbsent(n.internalIp(), k -> new ArrayList<>()).add(n.nodeName()));
    match(byIp, "private-ip-address", Instance::privateIpAddress, found);
    return found;
  }

  /** One batched describe for all keys of one kind; puts what it finds under the node names. */
  private void match(
      Map<String, List<String>> nodesByKey,
      String filter,
      Function<Instance, String> keyOf,
      Map<String, Instance> found) {
    if (nodesByKey.isEmpty()) {
      return;
    }
    Map<String, List<Instance>> instancesByKey = new HashMap<>();
    for (Instance instance : describe(filter, List.copyOf(nodesByKey.keySet()))) {
      String key = keyOf.apply(instance);
      if (key != null) {
        instancesByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(instance);
      }
    }
    nodesByKey.forEach(
        (key, nodeNames) ->
            AwsInstanceChoice.choose(key, instancesByKey.getOrDefault(key, List.of()))
                .ifPresent(i -> nodeNames.forEach(name -> found.put(name, i))));
  }

  private List<Instance> describe(String filter, List<String> values) {
    List<Instance> out = new ArrayList<>();
    for (int from = 0; from < values.size(); from += MAX_FILTER_VALUES) {
      List<String> chunk = values.subList(from, Math.min(values.size(), from + MAX_FILTER_VALUES));
      out.addAll(
          AwsErrors.call(
              "DescribeInstances",
              () ->
                  clients
                      .ec2()
                      .describeInstancesPaginator(
                          r ->
                              r.filters(Filter.builder().name(filter).values(chunk).build())
                                  .maxResults(1000))
                      .reservations()
                      .stream()
                      .flatMap(reservation -> reservation.instances().stream())
                      .toList()));
    }
    LOG.debugf("DescribeInstances by %s: %d keys, %d instances", filter, values.size(), out.size());
    return out;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
