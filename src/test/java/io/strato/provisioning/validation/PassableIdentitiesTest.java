package io.strato.provisioning.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PassableIdentitiesTest {

  private static boolean role(PassableIdentities p, String arn) {
    return p.allowed(IamReference.role("f", arn));
  }

  private static boolean profile(PassableIdentities p, String arnOrName) {
    return p.allowed(IamReference.instanceProfile("f", arnOrName));
  }

  @Test
  void withoutAListOnlyThePrefixAsIamsRoleStratoStarPatternSeesIt() {
    var p = PassableIdentities.byPrefix("strato-");
    assertThat(role(p, "arn:aws:iam::123456789012:role/strato-nodes")).isTrue();
    assertThat(role(p, "arn:aws:iam::123456789012:role/eks-cluster")).isFalse();
    // role/strato-* in a policy does not match a role under a path: neither does Strato.
    assertThat(role(p, "arn:aws:iam::123456789012:role/team/strato-nodes")).isFalse();
    assertThat(profile(p, "strato-nodes")).isTrue();
    assertThat(profile(p, "arn:aws:iam::123456789012:instance-profile/strato-nodes")).isTrue();
    assertThat(profile(p, "nodes-strato-")).isFalse();
  }

  @Test
  void aListReplacesThePrefixWithExactAndPrefixEntries() {
    var p =
        new PassableIdentities(
            "strato-",
            List.of("arn:aws:iam::123456789012:role/eks/*", "arn:aws:iam::123456789012:role/exact"),
            List.of("platform-*", "arn:aws:iam::123456789012:instance-profile/ops"));
    assertThat(role(p, "arn:aws:iam::123456789012:role/eks/cluster")).isTrue();
    assertThat(role(p, "arn:aws:iam::123456789012:role/exact")).isTrue();
    assertThat(role(p, "arn:aws:iam::123456789012:role/exactly")).isFalse();
    assertThat(role(p, "arn:aws:iam::999999999999:role/eks/cluster")).isFalse();
    assertThat(role(p, "arn:aws:iam::123456789012:role/strato-nodes")).isFalse();
    assertThat(profile(p, "platform-workers")).isTrue();
    assertThat(profile(p, "arn:aws:iam::123456789012:instance-profile/platform-x")).isTrue();
    assertThat(profile(p, "arn:aws:iam::123456789012:instance-profile/ops")).isTrue();
    assertThat(profile(p, "ops"))
        .as("an ARN entry pins the account; a bare name has none")
        .isFalse();
  }
}
