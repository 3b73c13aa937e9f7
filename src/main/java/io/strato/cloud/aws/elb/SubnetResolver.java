package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.reconcile.ReadAhead;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** Turns a {@link SubnetSelection} into concrete subnet IDs and their VPC. */
final class SubnetResolver {

  /** The subnets a load balancer should sit in. */
  record Resolved(String vpcId, List<String> subnetIds) {}

  private static final String OPERATION = "ec2:DescribeSubnets";

  /** Which tagged subnets a discovery reads: the same for every load balancer of a scheme. */
  private record Discovery(String vpcId, Scheme scheme) {}

  private final Ec2Client ec2;

  /**
   * Load balancers created together mostly discover the same subnets: a discovery that arrives
   * while an identical one is in flight shares the next call (one key per call, so only identical
   * discoveries share; see {@link InFlightBatches}).
   */
  private final InFlightBatches<Discovery, List<SubnetChoice.Candidate>> discoveries =
      new InFlightBatches<>(1, d -> Map.of(d.get(0), candidates(d.get(0))));

  /**
   * The latest discovery of each kind, for the reconciles the engine queued before it was read
   * ({@link ReadAhead}): load balancers created together are queued together, and one discovery
   * read after all of them were queued answers each. A reconcile queued later reads again.
   */
  private final FreshReads<Discovery, List<SubnetChoice.Candidate>> fresh =
      new FreshReads<>(System::nanoTime);

  SubnetResolver(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /** Discoveries waiting for a shared call (for tests that line callers up). */
  int queuedReads() {
    return discoveries.queued();
  }

  Resolved resolve(
      SubnetSelection selection,
      Scheme scheme,
      String clusterId,
      Optional<ObservedLoadBalancer> current) {
    return selection.discovered()
        ? discover(selection.vpcId(), scheme, clusterId)
        : explicit(selection, current);
  }

  private Resolved explicit(SubnetSelection selection, Optional<ObservedLoadBalancer> current) {
    List<String> ids = byName(selection.subnetIds(), selection.vpcId());
    // The load balancer already sits in exactly these subnets, so they exist: save the call.
    if (current.isPresent()
        && Set.copyOf(current.get().subnetIds()).equals(Set.copyOf(ids))
        && (selection.vpcId() == null || selection.vpcId().equals(current.get().vpcId()))) {
      return new Resolved(current.get().vpcId(), ids);
    }
    List<Subnet> found;
    try {
      found = AwsErrors.call(OPERATION, () -> ec2.describeSubnets(r -> r.subnetIds(ids))).subnets();
    } catch (CloudException.NotFound e) {
      throw invalid("SubnetNotFound", "subnets " + ids + " do not all exist: " + e.getMessage());
    }
    Set<String> missing = new TreeSet<>(ids);
    found.forEach(s -> missing.remove(s.subnetId()));
    if (!missing.isEmpty()) {
      throw invalid("SubnetNotFound", "subnets " + missing + " do not exist");
    }
    Set<String> vpcs = new TreeSet<>();
    found.forEach(s -> vpcs.add(s.vpcId()));
    if (vpcs.size() > 1) {
      throw invalid("SubnetsInDifferentVpcs", "subnets " + ids + " span the VPCs " + vpcs);
    }
    String vpcId = vpcs.iterator().next();
    if (selection.vpcId() != null && !selection.vpcId().equals(vpcId)) {
      throw invalid("SubnetNotInVpc", "subnets " + ids + " are not in " + selection.vpcId());
    }
    return new Resolved(vpcId, ids);
  }

  /**
   * Replaces subnet names (their {@code Name} tag, as cloud-provider-aws accepts them) by their
   * IDs, in place; IDs pass unchanged and cost no call. A name must name exactly one subnet.
   */
  private List<String> byName(List<String> idsOrNames, String vpcId) {
    List<String> names = idsOrNames.stream().filter(s -> !s.startsWith("subnet-")).toList();
    if (names.isEmpty()) {
      return idsOrNames;
    }
    List<Filter> filters = new ArrayList<>();
    filters.add(Filter.builder().name("tag:Name").values(names).build());
    if (vpcId != null) {
      filters.add(Filter.builder().name("vpc-id").values(vpcId).build());
    }
    java.util.Map<String, List<String>> idsByName = new java.util.HashMap<>();
    AwsErrors.call(OPERATION, () -> ec2.describeSubnets(r -> r.filters(filters)))
        .subnets()
        .forEach(
            s ->
                idsByName
                    .computeIfAbsent(AwsTags.fromEc2(s.tags()).get("Name"), k -> new ArrayList<>())
                    .add(s.subnetId()));
    List<String> out = new ArrayList<>();
    for (String entry : idsOrNames) {
      if (entry.startsWith("subnet-")) {
        out.add(entry);
        continue;
      }
      List<String> found = idsByName.getOrDefault(entry, List.of());
      if (found.size() != 1) {
        throw invalid(
            found.isEmpty() ? "SubnetNotFound" : "AmbiguousSubnets",
            found.isEmpty()
                ? "no subnet is named " + entry
                : "subnets " + found + " are all named " + entry + "; use their IDs");
      }
      out.add(found.get(0));
    }
    return out;
  }

  private Resolved discover(String vpcId, Scheme scheme, String clusterId) {
    Discovery discovery = new Discovery(vpcId, scheme);
    List<SubnetChoice.Candidate> candidates =
        ReadAhead.current()
            .flatMap(ahead -> fresh.get(discovery, ahead.queuedAtNanos(), true, this::shared))
            .orElseGet(() -> shared(discovery));
    List<SubnetChoice.Candidate> chosen = SubnetChoice.choose(candidates, scheme, clusterId);
    if (chosen.isEmpty()) {
      throw invalid("NoSuitableSubnets", SubnetChoice.describeSearch(scheme, clusterId, vpcId));
    }
    Set<String> vpcs = new HashSet<>();
    chosen.forEach(c -> vpcs.add(c.vpcId()));
    if (vpcs.size() > 1) {
      throw invalid(
          "AmbiguousSubnets",
          "subnets tagged for this load balancer exist in several VPCs "
              + new TreeSet<>(vpcs)
              + "; name the VPC in the subnet selection");
    }
    return new Resolved(
        chosen.get(0).vpcId(), chosen.stream().map(SubnetChoice.Candidate::id).toList());
  }

  private List<SubnetChoice.Candidate> shared(Discovery discovery) {
    return discoveries.get(List.of(discovery)).get(discovery);
  }

  /** Every subnet tagged for the scheme's role (in the VPC, when named), with its tags. */
  private List<SubnetChoice.Candidate> candidates(Discovery discovery) {
    List<Filter> filters = new ArrayList<>();
    filters.add(
        Filter.builder().name("tag-key").values(SubnetChoice.roleTag(discovery.scheme())).build());
    if (discovery.vpcId() != null) {
      filters.add(Filter.builder().name("vpc-id").values(discovery.vpcId()).build());
    }
    List<SubnetChoice.Candidate> candidates = new ArrayList<>();
    String token = null;
    do {
      String page = token;
      DescribeSubnetsResponse response =
          AwsErrors.call(
              OPERATION, () -> ec2.describeSubnets(r -> r.filters(filters).nextToken(page)));
      response
          .subnets()
          .forEach(
              s ->
                  candidates.add(
                      new SubnetChoice.Candidate(
                          s.subnetId(),
                          s.availabilityZone(),
                          s.vpcId(),
                          Map.copyOf(AwsTags.fromEc2(s.tags())))));
      token = response.nextToken();
    } while (token != null && !token.isEmpty());
    return List.copyOf(candidates); // shared by the callers of one call: immutable
  }

  private static CloudException.InvalidRequest invalid(String reason, String message) {
    return new CloudException.InvalidRequest("aws", OPERATION, reason, message, null);
  }
}
