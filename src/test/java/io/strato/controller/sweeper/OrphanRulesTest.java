package io.strato.controller.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.inventory.OrphanKind;
import io.strato.cloud.inventory.TaggedResource;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrphanRulesTest {

  static Map<String, String> serviceTags(String uid) {
    Map<String, String> tags = new HashMap<>();
    tags.put("strato.io/managed-by", "strato");
    tags.put("strato.io/owner", uid);
    tags.put("strato.io/resource", "Service/shop/web");
    tags.put("kubernetes.io/cluster/c1", "owned");
    return tags;
  }

  @Test
  void aServiceResourceOfThisClusterWhoseOwnerIsGoneIsAnOrphan() {
    assertThat(OrphanRules.isOrphan(serviceTags("uid-1"), "c1", Set.of("uid-2"))).isTrue();
  }

  @Test
  void aLiveOwnerIsNeverAnOrphan() {
    assertThat(OrphanRules.isOrphan(serviceTags("uid-1"), "c1", Set.of("uid-1"))).isFalse();
  }

  @Test
  void withoutStratosManagedByTagItIsNotStratosToDelete() {
    Map<String, String> tags = serviceTags("uid-1");
    tags.remove("strato.io/managed-by");
    assertThat(OrphanRules.isOrphan(tags, "c1", Set.of())).isFalse();
  }

  @Test
  void anotherClusterOrASharedTagOrANonServiceOwnerIsLeftAlone() {
    assertThat(OrphanRules.isOrphan(serviceTags("uid-1"), "c2", Set.of())).isFalse();

    Map<String, String> shared = serviceTags("uid-1");
    shared.put("kubernetes.io/cluster/c1", "shared");
    assertThat(OrphanRules.isOrphan(shared, "c1", Set.of())).isFalse();

    Map<String, String> restResource = serviceTags("uid-1");
    restResource.put("strato.io/resource", "LoadBalancer/web");
    assertThat(OrphanRules.isOrphan(restResource, "c1", Set.of())).isFalse();

    Map<String, String> noOwner = serviceTags("uid-1");
    noOwner.remove("strato.io/owner");
    assertThat(OrphanRules.isOrphan(noOwner, "c1", Set.of())).isFalse();
  }

  @Test
  void groupsStillUsedByALoadBalancerGoWithItAndAreNotSweptAlone() {
    TaggedResource used =
        new TaggedResource(OrphanKind.TARGET_GROUP, "arn:tg", "tg", serviceTags("uid-1"), true);
    TaggedResource lone =
        new TaggedResource(OrphanKind.SECURITY_GROUP, "sg-1", "sg", serviceTags("uid-1"), false);
    assertThat(OrphanRules.isSweepable(used, "c1", Set.of())).isFalse();
    assertThat(OrphanRules.isSweepable(lone, "c1", Set.of())).isTrue();
  }
}
