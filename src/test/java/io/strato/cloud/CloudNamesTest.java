package io.strato.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CloudNamesTest {

  @Test
  void loadBalancerNamesFitAwsLimitsAndAreStablePerUid() {
    String longName = "a-very-long-load-balancer-name-that-goes-on-and-on";
    String name = CloudNames.loadBalancer(longName, "uid-1");
    assertThat(name).hasSizeLessThanOrEqualTo(32).matches("[a-z0-9-]+").doesNotEndWith("-");
    assertThat(CloudNames.loadBalancer(longName, "uid-1")).isEqualTo(name);
    assertThat(CloudNames.loadBalancer(longName, "uid-2"))
        .as("a re-created resource never collides with the old one being torn down")
        .isNotEqualTo(name);
  }

  @Test
  void namesAwsWouldRejectAreAvoided() {
    assertThat(CloudNames.loadBalancer("internal-api", "u")).startsWith("lb-internal-api-");
    assertThat(CloudNames.loadBalancer("abcdefghijklmnopqrstuvw-xyz", "u"))
        .as("a cut that ends in a dash is trimmed")
        .matches("abcdefghijklmnopqrstuvw-[0-9a-f]{8}");
  }

  @Test
  void nodeGroupNamesCarryAPrefixAndTheUidHash() {
    assertThat(CloudNames.nodeGroup("workers", "uid-1"))
        .matches("strato-workers-[0-9a-f]{8}")
        .isEqualTo(CloudNames.nodeGroup("workers", "uid-1"));
  }

  @Test
  void ownershipTagsNameTheOwnerAndTheCluster() {
    Ownership o = new Ownership("uid-1", "LoadBalancer", "web", "prod");
    assertThat(o.tags())
        .containsEntry("strato.io/owner", "uid-1")
        .containsEntry("strato.io/resource", "LoadBalancer/web")
        .containsEntry("kubernetes.io/cluster/prod", "owned");
    assertThat(o.owns(o.tags())).isTrue();
    assertThat(o.owns(new Ownership("uid-2", "LoadBalancer", "web", null).tags())).isFalse();
  }
}
