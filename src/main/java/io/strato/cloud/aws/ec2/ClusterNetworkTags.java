package io.strato.cloud.aws.ec2;

import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsErrors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/**
 * Tags a cluster's subnets and their route tables {@code kubernetes.io/cluster/<name>=shared}, the
 * way the cloud controller manager's route controller and load balancer subnet discovery expect
 * (cloud-provider-aws tags conventions). The value is {@code shared} because Strato does not own
 * the network. Each resource Strato tags also gets a marker naming the cluster's UID, so deletion
 * removes exactly the tags Strato added and leaves a tag the user had put there before untouched.
 * The marker is written in the same CreateTags call as the cluster tag, so there is no moment where
 * one exists without the other. A subnet without its own route table uses the VPC's main table, so
 * that one is tagged: the route controller must write pod routes where the nodes' traffic goes.
 */
public final class ClusterNetworkTags {

  /** Where the subnets' tags now stand, and whether this call wrote any. */
  public record Tagged(List<String> subnetIds, List<String> routeTableIds, boolean changed) {
    public Tagged {
      subnetIds = List.copyOf(subnetIds);
      routeTableIds = List.copyOf(routeTableIds);
    }
  }

  static final String MARKER_PREFIX = "strato.io/network-tag/";

  private final Ec2Client ec2;

  public ClusterNetworkTags(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  public static String clusterTag(String clusterName) {
    return Ownership.CLUSTER_TAG_PREFIX + clusterName;
  }

  /** The marker that says "Strato added the cluster tag here for this cluster UID". */
  public static String markerTag(String clusterUid) {
    return MARKER_PREFIX + clusterUid;
  }

  /**
   * Tags the subnets and the route tables that serve them (their explicit association or, for a
   * subnet without one, the VPC's main table) where the cluster tag is missing. Two reads, and one
   * write only when something lacks the tag.
   */
  public Tagged ensure(
      String clusterName, String clusterUid, String vpcId, List<String> subnetIds) {
    String key = clusterTag(clusterName);
    List<Subnet> subnets =
        AwsErrors.call("DescribeSubnets", () -> ec2.describeSubnets(r -> r.subnetIds(subnetIds)))
            .subnets();
    List<RouteTable> tables =
        AwsErrors.call(
                "DescribeRouteTables",
                () -> ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpcId))))
            .routeTables();
    List<RouteTable> serving = serving(tables, subnetIds);
    List<String> missing = new ArrayList<>();
    subnets.stream().filter(s -> !hasKey(s.tags(), key)).forEach(s -> missing.add(s.subnetId()));
    serving.stream()
        .filter(t -> !hasKey(t.tags(), key))
        .forEach(t -> missing.add(t.routeTableId()));
    if (!missing.isEmpty()) {
      AwsErrors.run(
          "CreateTags",
          () ->
              ec2.createTags(
                  r ->
                      r.resources(missing)
                          .tags(
                              Tag.builder().key(key).value("shared").build(),
                              Tag.builder().key(markerTag(clusterUid)).value(key).build())));
    }
    return new Tagged(
        subnets.stream().map(Subnet::subnetId).toList(),
        serving.stream().map(RouteTable::routeTableId).toList(),
        !missing.isEmpty());
  }

  /**
   * Removes the cluster tag and the marker from every subnet and route table that carries this
   * cluster's marker; resources tagged by someone else keep their tag.
   *
   * @return how many resources were untagged (0 when nothing was left)
   */
  public int remove(String clusterName, String clusterUid) {
    // The marker's key is the cluster's own: one DescribeTags of that key over both resource
    // types finds what a DescribeSubnets and a DescribeRouteTables filtered on it would, in one
    // call. Only the IDs are needed here, not the resources.
    List<String> resources =
        AwsErrors.call(
            "DescribeTags",
            () ->
                ec2
                    .describeTagsPaginator(
                        r ->
                            r.filters(
                                filter("key", markerTag(clusterUid)),
                                Filter.builder()
                                    .name("resource-type")
                                    .values("subnet", "route-table")
                                    .build()))
                    .tags()
                    .stream()
                    .map(TagDescription::resourceId)
                    .distinct()
                    .toList());
    if (!resources.isEmpty()) {
      AwsErrors.run(
          "DeleteTags",
          () ->
              ec2.deleteTags(
                  r ->
                      r.resources(resources)
                          .tags(
                              Tag.builder().key(clusterTag(clusterName)).build(),
                              Tag.builder().key(markerTag(clusterUid)).build())));
    }
    return resources.size();
  }

  /**
   * The tables whose routes the subnets use: each subnet's explicit association, else the main
   * table of the VPC (AWS's rule for implicit association).
   */
  static List<RouteTable> serving(List<RouteTable> tables, List<String> subnetIds) {
    Set<String> wanted = new LinkedHashSet<>(subnetIds);
    Set<String> explicit = new LinkedHashSet<>();
    List<RouteTable> out = new ArrayList<>();
    RouteTable main = null;
    for (RouteTable table : tables) {
      boolean serves = false;
      for (RouteTableAssociation a : table.associations()) {
        if (Boolean.TRUE.equals(a.main())) {
          main = table;
        }
        if (a.subnetId() != null && wanted.contains(a.subnetId())) {
          explicit.add(a.subnetId());
          serves = true;
        }
      }
      if (serves) {
        out.add(table);
      }
    }
    if (main != null && explicit.size() < wanted.size() && !out.contains(main)) {
      out.add(main);
    }
    return out;
  }

  private static boolean hasKey(List<Tag> tags, String key) {
    return tags.stream().anyMatch(t -> key.equals(t.key()));
  }

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }
}
