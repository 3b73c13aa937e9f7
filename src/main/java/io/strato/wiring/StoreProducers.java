package io.strato.wiring;

import io.strato.config.StratoConfig;
import io.strato.provisioning.audit.AuditLog;
import io.strato.provisioning.store.JdbcResourceStore;
import io.strato.provisioning.store.ResourceStore;
import io.strato.provisioning.store.StoreDataSource;
import io.strato.provisioning.store.StoreSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Opens the state store: the embedded H2 file under the data directory unless {@code
 * strato.store.url} names another database (PostgreSQL for several replicas). The database is
 * chosen at run time by URL, not at build time, so one build serves both.
 */
@ApplicationScoped
public class StoreProducers {

  @Produces
  @Singleton
  StoreDataSource dataSource(StratoConfig config) {
    StratoConfig.Store store = config.store();
    StoreSettings settings =
        store
            .url()
            .map(
                url ->
                    new StoreSettings(
                        url,
                        store.user().orElse(""),
                        store.password().orElse(""),
                        store.maxPoolSize()))
            .orElseGet(() -> StoreSettings.h2File(Path.of(config.dataDir(), "data")));
    return StoreDataSource.open(settings);
  }

  void close(@Disposes StoreDataSource ds) {
    ds.close();
  }

  @Produces
  @Singleton
  AuditLog auditLog(StoreDataSource ds) {
    return new AuditLog(ds.dataSource(), Clock.systemUTC());
  }

  @Produces
  @Singleton
  ResourceStore store(StoreDataSource ds) {
    return new JdbcResourceStore(ds.dataSource(), Clock.systemUTC());
  }
}
