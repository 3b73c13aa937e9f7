package io.strato.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Refuses to start outside dev mode (the packaged jar, whatever profile it runs) with a dev-only
 * feature on: a token signed by a key anyone can generate, an AWS emulator that accepts any
 * credentials, or a GKE fake that keeps clusters in memory. Each would make a production Strato
 * either open or quietly not manage anything real. An operator who means it sets {@code
 * strato.dev-features.allow-outside-dev-mode=true}, and every start then says so at WARN.
 */
@ApplicationScoped
public class DevOnlyFeatures {

  private static final Logger LOG = Logger.getLogger(DevOnlyFeatures.class);

  static final String OVERRIDE = "strato.dev-features.allow-outside-dev-mode";

  /** The dev-only settings that are on, as {@code key=value}. */
  static List<String> switchedOn(StratoConfig config) {
    List<String> on = new ArrayList<>();
    if (config.auth().devToken()) {
      on.add("strato.auth.dev-token=true");
    }
    // auto counts: it starts the emulator whenever no credentials are found, which is exactly
    // the situation a misconfigured production deployment is in.
    if (config.aws().emulator() != StratoConfig.EmulatorMode.OFF) {
      on.add("strato.aws.emulator=" + config.aws().emulator().name().toLowerCase());
    }
    if (config.gcp().emulator() != StratoConfig.EmulatorMode.OFF) {
      on.add("strato.gcp.emulator=" + config.gcp().emulator().name().toLowerCase());
    }
    return on;
  }

  /** Dev mode and the test harness may use them; a packaged jar runs in NORMAL mode. */
  static boolean allowedIn(LaunchMode mode) {
    return mode != LaunchMode.NORMAL;
  }

  // Before every other start-up observer (the dev token issuer, the controllers), so nothing
  // dev-only has run when the refusal comes.
  void check(@Observes @Priority(1) StartupEvent event, StratoConfig config) {
    List<String> on = switchedOn(config);
    if (on.isEmpty() || allowedIn(LaunchMode.current())) {
      return;
    }
    if (!config.devFeatures().allowOutsideDevMode()) {
      throw new IllegalStateException(
          "Refusing to start: dev-only features are on outside dev mode: "
              + String.join(", ", on)
              + ". Turn them off (set the emulators to off, the dev token to false) and point"
              + " Strato at a real account; or, for a throw-away environment only, set "
              + OVERRIDE
              + "=true");
    }
    LOG.warnf(
        "DEV-ONLY FEATURES ARE ON OUTSIDE DEV MODE (%s=true): %s. This Strato is not fit for a"
            + " real account: do not expose it.",
        OVERRIDE, String.join(", ", on));
  }
}
