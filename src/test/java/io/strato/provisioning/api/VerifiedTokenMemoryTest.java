package io.strato.provisioning.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** What the memory of verified tokens serves, and for how long. */
class VerifiedTokenMemoryTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final VerifiedTokenMemory memory = new VerifiedTokenMemory(3, now::get);

  @Test
  void aVerifiedTokenIsServedUntilItExpires() {
    JsonWebToken jwt = expiringAt(1_030);
    memory.remember("raw-a", jwt);

    assertThat(memory.find("raw-a")).isSameAs(jwt);
    now.set(1_029);
    assertThat(memory.find("raw-a")).isSameAs(jwt);
    now.set(1_030);
    assertThat(memory.find("raw-a")).isNull();
  }

  @Test
  void aLongLivedTokenIsVerifiedAgainAfterTheMaximumAge() {
    memory.remember("raw-a", expiringAt(100_000));

    now.addAndGet(VerifiedTokenMemory.MAX_AGE_SECONDS);
    assertThat(memory.find("raw-a")).isNull();
  }

  @Test
  void onlyTheExactTextIsKnown() {
    memory.remember("raw-a", expiringAt(2_000));

    assertThat(memory.find("raw-a ")).isNull();
    assertThat(memory.find("raw-b")).isNull();
  }

  @Test
  void anAlreadyExpiredOrNoExpiryTokenIsNotRemembered() {
    memory.remember("expired", expiringAt(999));
    memory.remember("no-exp", expiringAt(0));

    assertThat(memory.size()).isZero();
  }

  @Test
  void theMemoryStaysBoundedExpiredTokensGoingFirst() {
    memory.remember("a", expiringAt(1_001));
    memory.remember("b", expiringAt(2_000));
    memory.remember("c", expiringAt(2_000));
    now.set(1_001);

    memory.remember("d", expiringAt(2_000));

    assertThat(memory.size()).isEqualTo(3);
    assertThat(memory.find("b")).isNotNull();
    assertThat(memory.find("d")).isNotNull();

    memory.remember("e", expiringAt(2_000));
    assertThat(memory.size()).isLessThanOrEqualTo(3);
    assertThat(memory.find("e")).isNotNull();
  }

  /** A token as the verifier hands it over; only its claims matter here. */
  private static JsonWebToken expiringAt(long exp) {
    Map<String, Object> claims = exp == 0 ? Map.of() : Map.of("exp", exp);
    return new JsonWebToken() {
      @Override
      public String getName() {
        return "someone";
      }

      @Override
      public Set<String> getClaimNames() {
        return claims.keySet();
      }

      @SuppressWarnings("unchecked")
      @Override
      public <T> T getClaim(String name) {
        return (T) claims.get(name);
      }
    };
  }
}
