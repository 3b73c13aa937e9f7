package io.strato.reliability;

import io.quarkus.runtime.StartupEvent;
import io.strato.testsupport.FullDisk;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Makes {@code jdbc:h2:fulldisk:} URLs usable by the application under a Quarkus test. It must
 * happen inside the application's class loader (H2's file-system registry is per loaded H2) and
 * before anything opens the store, hence the earliest startup observer. Harmless to tests that do
 * not use the scheme.
 */
@ApplicationScoped
public class FullDiskRegistration {

  void register(@Observes @Priority(1) StartupEvent started) {
    FullDisk.register();
  }
}
