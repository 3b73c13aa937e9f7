package io.strato.cloud.aws.cluster.selfmanaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BootstrapTokenTest {

  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final Duration TTL = Duration.ofHours(24);
  private static final Instant MORNING = Instant.parse("2026-03-01T09:00:00Z");

  @Test
  void theFormIsTheOneKubeadmAcceptsAndItExpiresOneTtlAfterItsWindowBegan() {
    BootstrapToken t = BootstrapToken.current(SECRET, "uid-1", MORNING, TTL);

    assertThat(t.token()).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
    assertThat(t.expires()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(t.secretValue()).isEqualTo(t.token() + " 2026-03-02T00:00:00Z");
  }

  @Test
  void theSameWindowGivesTheSameTokenAndTheNextANewOneWithAtLeastHalfTheTtlLeft() {
    BootstrapToken a = BootstrapToken.current(SECRET, "uid-1", MORNING, TTL);

    assertThat(BootstrapToken.current(SECRET.clone(), "uid-1", MORNING.plusSeconds(3599), TTL))
        .isEqualTo(a);
    Instant noon = Instant.parse("2026-03-01T12:00:00Z");
    BootstrapToken b = BootstrapToken.current(SECRET, "uid-1", noon, TTL);
    assertThat(b.token()).isNotEqualTo(a.token());
    assertThat(b.window()).isEqualTo(a.window() + 1);
    assertThat(Duration.between(noon.minusSeconds(1), a.expires())).isGreaterThan(TTL.dividedBy(2));
    assertThat(BootstrapToken.current(SECRET, "uid-2", MORNING, TTL).token())
        .isNotEqualTo(a.token());
    byte[] other = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
    assertThat(BootstrapToken.current(other, "uid-1", MORNING, TTL).token())
        .isNotEqualTo(a.token());
  }

  @Test
  void printingItShowsOnlyTheTokenId() {
    BootstrapToken t = BootstrapToken.current(SECRET, "uid-1", MORNING, TTL);

    assertThat(t.toString()).contains(t.tokenId()).doesNotContain(t.token());
  }

  @Test
  void aShortSecretOrATinyTtlIsRefused() {
    assertThatThrownBy(() -> BootstrapToken.current(new byte[8], "uid", MORNING, TTL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BootstrapToken.current(SECRET, "uid", MORNING, Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
