package io.strato.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * Outside dev mode, a Strato that serves the API must name its token audience. Without one, any
 * token the identity provider signed for any service (with the right issuer and groups) would be
 * accepted here.
 */
@ApplicationScoped
public class TokenAudience {

  /** Why start-up must stop, or empty when it may go on. */
  static Optional<String> refusal(StratoConfig config, LaunchMode mode) {
    if (!config.api().enabled()
        || mode == LaunchMode.DEVELOPMENT
        || config.auth().audience().filter(a -> !a.isBlank()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        "Refusing to start: strato.auth.audience (STRATO_AUTH_AUDIENCE) is not set. Set it to the"
            + " audience your identity provider puts in tokens issued for Strato, or turn the API"
            + " off with strato.api.enabled=false");
  }

  void check(@Observes @Priority(2) StartupEvent event, StratoConfig config) {
    refusal(config, LaunchMode.current())
        .ifPresent(
            reason -> {
              throw new IllegalStateException(reason);
            });
  }
}
