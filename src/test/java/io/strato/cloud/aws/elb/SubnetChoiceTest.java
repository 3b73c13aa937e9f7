package io.strato.cloud.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.loadbalancer.Scheme;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubnetChoiceTest {

  private static final String ELB = "kubernetes.io/role/elb";
  private static final String INTERNAL = "kubernetes.io/role/internal-elb";
  private static final String CLUSTER = "kubernetes.io/cluster/c1";

  private static SubnetChoice.Candidate subnet(String id, String zone, Map<String, String> tags) {
    return new SubnetChoice.Candidate(id, zone, "vpc-1", tags);
  }

  @Test
  void choosesOneSubnetPerZoneOrderedByZone() {
    List<SubnetChoice.Candidate> chosen =
        SubnetChoice.choose(
            List.of(
                subnet("subnet-c", "us-east-1b", Map.of(ELB, "1")),
                subnet("subnet-b", "us-east-1a", Map.of(ELB, "1")),
                subnet("subnet-a", "us-east-1a", Map.of(ELB, ""))),
            Scheme.INTERNET_FACING,
            null);

    assertThat(chosen)
        .extracting(SubnetChoice.Candidate::id)
        .as("lowest ID wins within a zone")
        .containsExactly("subnet-a", "subnet-c");
  }

  @Test
  void internalLoadBalancersUseTheInternalRoleTag() {
    List<SubnetChoice.Candidate> chosen =
        SubnetChoice.choose(
            List.of(
                subnet("subnet-public", "us-east-1a", Map.of(ELB, "1")),
                subnet("subnet-private", "us-east-1a", Map.of(INTERNAL, "1"))),
            Scheme.INTERNAL,
            null);

    assertThat(chosen).extracting(SubnetChoice.Candidate::id).containsExactly("subnet-private");
  }

  @Test
  void withAClusterIdOnlySubnetsTaggedForThatClusterQualify() {
    List<SubnetChoice.Candidate> chosen =
        SubnetChoice.choose(
            List.of(
                subnet("subnet-a", "us-east-1a", Map.of(ELB, "1")),
                subnet("subnet-b", "us-east-1a", Map.of(ELB, "1", CLUSTER, "shared")),
                subnet(
                    "subnet-c",
                    "us-east-1b",
                    Map.of(ELB, "1", "kubernetes.io/cluster/c2", "owned")),
                subnet("subnet-d", "us-east-1c", Map.of(ELB, "1", CLUSTER, "owned"))),
            Scheme.INTERNET_FACING,
            "c1");

    assertThat(chosen)
        .extracting(SubnetChoice.Candidate::id)
        .containsExactly("subnet-b", "subnet-d");
  }

  @Test
  void withoutAClusterIdClusterTaggedSubnetsArePreferredInAZone() {
    List<SubnetChoice.Candidate> chosen =
        SubnetChoice.choose(
            List.of(
                subnet("subnet-a", "us-east-1a", Map.of(ELB, "1")),
                subnet("subnet-b", "us-east-1a", Map.of(ELB, "1", CLUSTER, "shared"))),
            Scheme.INTERNET_FACING,
            null);

    assertThat(chosen).extracting(SubnetChoice.Candidate::id).containsExactly("subnet-b");
  }

  @Test
  void aRoleTagWithAnotherValueDoesNotQualify() {
    assertThat(
            SubnetChoice.choose(
                List.of(subnet("subnet-a", "us-east-1a", Map.of(ELB, "0"))),
                Scheme.INTERNET_FACING,
                null))
        .isEmpty();
  }

  @Test
  void theSearchDescriptionNamesEveryTagLookedFor() {
    assertThat(SubnetChoice.describeSearch(Scheme.INTERNAL, "c1", "vpc-9"))
        .contains(INTERNAL)
        .contains(CLUSTER)
        .contains("vpc-9");
  }
}
