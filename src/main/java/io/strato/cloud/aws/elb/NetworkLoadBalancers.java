package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.SubnetAddresses;
import io.strato.reconcile.ReadAhead;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.SubnetMapping;

/** The network load balancer resource itself: find by name, create, move, delete. */
final class NetworkLoadBalancers {

  private static final Logger LOG = Logger.getLogger(NetworkLoadBalancers.class);

  /** DescribeLoadBalancers takes at most 20 ARNs or 20 names per call. */
  static final int DESCRIBE_BATCH = 20;

  /** The largest page DescribeLoadBalancers answers. */
  static final int PAGE_SIZE = 400;

  private final ElasticLoadBalancingV2Client elb;
  private final ElbTags tags;
  private final InFlightBatches<String, ObservedLoadBalancer> byName;
  private final InFlightBatches<String, ObservedLoadBalancer> byArn;

  /** One page of the account's load balancers: whole when it had no next page. */
  private record Listing(Map<String, ObservedLoadBalancer> byName, boolean whole) {}

  /** The latest page of the account, shared by the reconciles queued before it was read. */
  private final FreshReads<String, Listing> listings = new FreshReads<>(System::nanoTime);

  /** After a listing that did not fit one page, when the account may be listed again. */
  private volatile long listAgainAt = System.nanoTime();

  private static final long LIST_AGAIN_NANOS = 10L * 60 * 1_000_000_000L;

  NetworkLoadBalancers(ElasticLoadBalancingV2Client elb, ElbTags tags) {
    this.elb = elb;
    this.tags = tags;
    this.byName = new InFlightBatches<>(DESCRIBE_BATCH, this::describeNames);
    this.byArn = new InFlightBatches<>(DESCRIBE_BATCH, this::describeArns);
  }

  /**
   * The load balancer of that name, without its tags; empty when there is none. Look-ups of
   * concurrent reconciles share one call (see {@link #describeNames}).
   */
  Optional<ObservedLoadBalancer> find(String name) {
    try {
      return Optional.ofNullable(byName.get(List.of(name)).get(name));
    } catch (CloudException.NotFound absent) {
      return Optional.empty();
    }
  }

  /**
   * The look-up by name before an ensure. For a reconcile run by the engine with other keys queued
   * behind it, one page of the account's load balancers (one call, as the look-up by name) answers
   * it and every key queued before that page was read ({@link ReadAhead}): a name not on a whole
   * page does not exist. The page never serves a reconcile queued after it was read, so no ensure
   * acts on a read older than its own request; and a listing names no resource, so AWS's
   * LoadBalancerNotFound for a new name cannot fail it. An account of more than one page is looked
   * up by name (a page answers only for the names on it).
   */
  Optional<ObservedLoadBalancer> findBeforeEnsure(String name) {
    Optional<ReadAhead> ahead = ReadAhead.current();
    if (ahead.isEmpty()) {
      return find(name);
    }
    boolean mayList = ahead.get().othersQueued() > 0 && System.nanoTime() - listAgainAt >= 0;
    Optional<Listing> listing =
        listings.get("account", ahead.get().queuedAtNanos(), mayList, k -> firstPage());
    if (listing.isPresent()) {
      ObservedLoadBalancer found = listing.get().byName().get(name);
      if (found != null || listing.get().whole()) {
        return Optional.ofNullable(found);
      }
    }
    return find(name);
  }

  private Listing firstPage() {
    DescribeLoadBalancersResponse page =
        AwsErrors.call(
            "elbv2:DescribeLoadBalancers",
            () -> elb.describeLoadBalancers(r -> r.pageSize(PAGE_SIZE)));
    Map<String, ObservedLoadBalancer> byName = new HashMap<>();
    page.loadBalancers().forEach(lb -> byName.put(lb.loadBalancerName(), observed(lb, Map.of())));
    boolean whole = page.nextMarker() == null || page.nextMarker().isEmpty();
    if (!whole) {
      listAgainAt = System.nanoTime() + LIST_AGAIN_NANOS;
    }
    return new Listing(Map.copyOf(byName), whole);
  }

  /**
   * The load balancer with that ARN, without its tags; empty when it no longer exists. Polls of
   * concurrent reconciles share one call.
   */
  Optional<ObservedLoadBalancer> findByArn(String arn) {
    try {
      return Optional.ofNullable(byArn.get(List.of(arn)).get(arn));
    } catch (CloudException.NotFound absent) {
      return Optional.empty();
    }
  }

  /** Look-ups waiting for a shared call (for tests that line callers up). */
  int queuedReads() {
    return byName.queued() + byArn.queued();
  }

  /**
   * One DescribeLoadBalancers for up to {@value #DESCRIBE_BATCH} ARNs. AWS answers
   * LoadBalancerNotFound for the whole call when any ARN is gone; {@link InFlightBatches} then asks
   * again for each caller alone.
   */
  Map<String, ObservedLoadBalancer> describeArns(List<String> arns) {
    Map<String, ObservedLoadBalancer> out = new HashMap<>();
    AwsErrors.call(
            "elbv2:DescribeLoadBalancers",
            () -> elb.describeLoadBalancers(r -> r.loadBalancerArns(arns)))
        .loadBalancers()
        .forEach(lb -> out.put(lb.loadBalancerArn(), observed(lb, Map.of())));
    return out;
  }

  /**
   * One DescribeLoadBalancers for up to {@value #DESCRIBE_BATCH} names. The names looked up before
   * a create are mostly absent, and AWS then fails the whole call (LoadBalancerNotFound, without
   * saying which name): asking again for each name alone would cost more than not sharing. So a
   * failed call of several names reads the account's load balancers instead, a page of {@value
   * #PAGE_SIZE} at a time, where a name not listed does not exist; after as many pages as the names
   * less one (never more calls than asking for each alone), the names still unseen are asked for
   * alone.
   */
  private Map<String, ObservedLoadBalancer> describeNames(List<String> names) {
    try {
      return byNameOf(
          AwsErrors.call(
                  "elbv2:DescribeLoadBalancers",
                  () -> elb.describeLoadBalancers(r -> r.names(names)))
              .loadBalancers(),
          names);
    } catch (CloudException.NotFound someAbsent) {
      if (names.size() == 1) {
        throw someAbsent;
      }
      return listed(names);
    }
  }

  private Map<String, ObservedLoadBalancer> listed(List<String> names) {
    Map<String, ObservedLoadBalancer> out = new HashMap<>();
    String marker = null;
    for (int page = 0; page < names.size() - 1; page++) {
      String from = marker;
      DescribeLoadBalancersResponse listing =
          AwsErrors.call(
              "elbv2:DescribeLoadBalancers",
              () -> elb.describeLoadBalancers(r -> r.pageSize(PAGE_SIZE).marker(from)));
      out.putAll(byNameOf(listing.loadBalancers(), names));
      marker = listing.nextMarker();
      if (marker == null || marker.isEmpty()) {
        return out;
      }
    }
    for (String name : names) {
      if (!out.containsKey(name)) {
        try {
          out.putAll(describeNames(List.of(name)));
        } catch (CloudException.NotFound absent) {
          // not there
        }
      }
    }
    return out;
  }

  private static Map<String, ObservedLoadBalancer> byNameOf(
      List<LoadBalancer> found, List<String> names) {
    Map<String, ObservedLoadBalancer> out = new HashMap<>();
    for (LoadBalancer lb : found) {
      if (names.contains(lb.loadBalancerName())) {
        out.put(lb.loadBalancerName(), observed(lb, Map.of()));
      }
    }
    return out;
  }

  /** The load balancer of that name with its tags, in two calls. */
  Optional<ObservedLoadBalancer> findTagged(String name) {
    return find(name)
        .map(lb -> lb.withTags(tags.describe(List.of(lb.arn())).getOrDefault(lb.arn(), Map.of())));
  }

  /**
   * Creates the load balancer with its tags in the same call. An NLB created without security
   * groups can never get any: only a spec whose targets admit the client ranges themselves asks for
   * none (see {@link io.strato.cloud.loadbalancer.TargetIngress#CLIENT_RANGES}).
   */
  ObservedLoadBalancer create(
      String name,
      Scheme scheme,
      List<String> subnetIds,
      List<String> securityGroupIds,
      Map<String, String> tagsToWrite) {
    return create(name, scheme, subnetIds, SubnetAddresses.NONE, securityGroupIds, tagsToWrite);
  }

  /** As above, with an Elastic IP or private address per subnet (paired in order) when given. */
  ObservedLoadBalancer create(
      String name,
      Scheme scheme,
      List<String> subnetIds,
      SubnetAddresses addresses,
      List<String> securityGroupIds,
      Map<String, String> tagsToWrite) {
    // Plain subnet IDs unless addresses are asked for: the request stays as it always was.
    List<SubnetMapping> mappings = addresses.isEmpty() ? null : mappings(subnetIds, addresses);
    LoadBalancer created =
        AwsErrors.call(
                "elbv2:CreateLoadBalancer",
                () ->
                    elb.createLoadBalancer(
                        r ->
                            r.name(name)
                                .type(LoadBalancerTypeEnum.NETWORK)
                                .scheme(
                                    scheme == Scheme.INTERNAL
                                        ? LoadBalancerSchemeEnum.INTERNAL
                                        : LoadBalancerSchemeEnum.INTERNET_FACING)
                                .applyMutation(
                                    b -> {
                                      if (mappings == null) {
                                        b.subnets(subnetIds);
                                      } else {
                                        b.subnetMappings(mappings);
                                      }
                                    })
                                .securityGroups(
                                    securityGroupIds.isEmpty() ? null : securityGroupIds)
                                .tags(AwsTags.toElbv2(tagsToWrite))))
            .loadBalancers()
            .get(0);
    LOG.infof("created network load balancer %s (%s)", name, created.loadBalancerArn());
    return observed(created, tagsToWrite);
  }

  private static List<SubnetMapping> mappings(List<String> subnetIds, SubnetAddresses addresses) {
    List<SubnetMapping> out = new java.util.ArrayList<>();
    for (int i = 0; i < subnetIds.size(); i++) {
      SubnetMapping.Builder m = SubnetMapping.builder().subnetId(subnetIds.get(i));
      if (i < addresses.allocationIds().size()) {
        m.allocationId(addresses.allocationIds().get(i));
      }
      if (i < addresses.privateIpv4Addresses().size()) {
        m.privateIPv4Address(addresses.privateIpv4Addresses().get(i));
      }
      out.add(m.build());
    }
    return out;
  }

  void setSubnets(String arn, List<String> subnetIds) {
    AwsErrors.run(
        "elbv2:SetSubnets", () -> elb.setSubnets(r -> r.loadBalancerArn(arn).subnets(subnetIds)));
  }

  void setSecurityGroups(String arn, List<String> groupIds) {
    AwsErrors.run(
        "elbv2:SetSecurityGroups",
        () -> elb.setSecurityGroups(r -> r.loadBalancerArn(arn).securityGroups(groupIds)));
  }

  /** Deletes the load balancer (its listeners go with it); absent is success. */
  void delete(ObservedLoadBalancer lb) {
    try {
      AwsErrors.run(
          "elbv2:DeleteLoadBalancer",
          () -> elb.deleteLoadBalancer(r -> r.loadBalancerArn(lb.arn())));
      LOG.infof("deleted network load balancer %s (%s)", lb.name(), lb.arn());
    } catch (CloudException.NotFound gone) {
      // already deleted
    }
  }

  private static ObservedLoadBalancer observed(LoadBalancer lb, Map<String, String> tags) {
    return new ObservedLoadBalancer(
        lb.loadBalancerArn(),
        lb.loadBalancerName(),
        lb.dnsName(),
        lb.scheme() == LoadBalancerSchemeEnum.INTERNAL ? Scheme.INTERNAL : Scheme.INTERNET_FACING,
        lb.state() == null ? "unknown" : lb.state().codeAsString(),
        lb.vpcId(),
        lb.availabilityZones().stream().map(AvailabilityZone::subnetId).toList(),
        lb.securityGroups(),
        tags);
  }
}
