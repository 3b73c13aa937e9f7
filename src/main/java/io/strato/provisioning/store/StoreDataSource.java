package io.strato.provisioning.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ExceptionSorter;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * The store's connection pool, with the schema migrated to the newest version before anyone gets a
 * connection. Plain Java so the integrator decides its lifetime (a CDI producer and disposer) and
 * tests can open and close one per scenario.
 */
public final class StoreDataSource implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(StoreDataSource.class);

  private final AgroalDataSource pool;
  private final int migrationsApplied;

  private StoreDataSource(AgroalDataSource pool, int migrationsApplied) {
    this.pool = pool;
    this.migrationsApplied = migrationsApplied;
  }

  /**
   * Opens the pool and applies pending migrations from {@code classpath:db/migration}.
   *
   * @throws StoreFailure when the database cannot be reached or a migration fails
   */
  public static StoreDataSource open(StoreSettings settings) {
    h2FileDirectory(settings.jdbcUrl()).ifPresent(StoreDataSource::createDirectories);
    AgroalDataSource pool = pool(settings);
    try {
      // The common restart: the schema is current, and Flyway (its classes, configuration and
      // validation: a fifth of a start's CPU time) has nothing to do.
      if (ShippedMigrations.current(pool)) {
        LOG.infof(
            "State store at %s: schema version %s, current, 0 migration(s) applied",
            settings.redactedUrl(), ShippedMigrations.newestVersion());
        return new StoreDataSource(pool, 0);
      }
      MigrateResult result = migrate(pool);
      LOG.infof(
          "State store at %s: schema version %s, %d migration(s) applied",
          settings.redactedUrl(),
          // Flyway leaves the target null when there was nothing to apply
          result.targetSchemaVersion != null
              ? result.targetSchemaVersion
              : result.initialSchemaVersion,
          result.migrationsExecuted);
      return new StoreDataSource(pool, result.migrationsExecuted);
    } catch (RuntimeException | SQLException e) {
      pool.close();
      // Flyway also reports an unreachable database or a refused login this way.
      throw new StoreFailure(
          "cannot open the state store at " + settings.redactedUrl() + ": " + e.getMessage(), e);
    }
  }

  public DataSource dataSource() {
    return pool;
  }

  /** How many migrations this open applied: 0 when the schema was already current. */
  public int migrationsApplied() {
    return migrationsApplied;
  }

  /** Closes every connection; for an H2 file that also closes the database. */
  @Override
  public void close() {
    pool.close();
  }

  /**
   * The driver class for the URL's database, named explicitly: finding it through {@link
   * java.sql.DriverManager} fails when another class loader (a Quarkus test, an app server) had
   * registered it and is gone.
   */
  static Optional<Class<?>> driverFor(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return Optional.of(org.h2.Driver.class);
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return Optional.of(org.postgresql.Driver.class);
    }
    return Optional.empty();
  }

  private static AgroalDataSource pool(StoreSettings settings) {
    AgroalDataSourceConfigurationSupplier config =
        new AgroalDataSourceConfigurationSupplier()
            .connectionPoolConfiguration(
                pool ->
                    pool.maxSize(settings.maxPoolSize())
                        .minSize(0)
                        // Agroal waits forever by default; a store that hangs a REST call is worse
                        // than one that fails it.
                        .acquisitionTimeout(Duration.ofSeconds(10))
                        .connectionValidator(ConnectionValidator.defaultValidator())
                        .exceptionSorter(ExceptionSorter.fatalExceptionSorter())
                        .idleValidationTimeout(Duration.ofMinutes(1))
                        .reapTimeout(Duration.ofMinutes(5))
                        .maxLifetime(Duration.ofMinutes(30))
                        .connectionFactoryConfiguration(
                            factory -> {
                              factory.jdbcUrl(settings.jdbcUrl());
                              driverFor(settings.jdbcUrl())
                                  .ifPresent(factory::connectionProviderClass);
                              if (!settings.user().isEmpty()) {
                                factory.principal(new NamePrincipal(settings.user()));
                              }
                              if (!settings.password().isEmpty()) {
                                factory.credential(new SimplePassword(settings.password()));
                              }
                              return factory;
                            }));
    try {
      return AgroalDataSource.from(config);
    } catch (SQLException e) {
      throw new StoreFailure("cannot open a pool to " + settings.redactedUrl(), e);
    }
  }

  private static MigrateResult migrate(DataSource dataSource) {
    // This class's loader, not the calling thread's: Quarkus may call from a thread whose context
    // loader cannot see the application's resources.
    return Flyway.configure(StoreDataSource.class.getClassLoader())
        .dataSource(dataSource)
        .locations("classpath:" + ShippedMigrations.LOCATION)
        // The scripts named, not scanned for: no walk of the whole class path at start.
        .resourceProvider(ShippedMigrations.resourceProvider())
        .javaMigrationClassProvider(List::of)
        .load()
        .migrate();
  }

  /**
   * The directory an H2 file URL keeps its database in, for {@code jdbc:h2:file:PATH} and {@code
   * jdbc:h2:PATH}; empty for in-memory, server and every other URL. H2 itself refuses to create
   * missing parent directories.
   */
  static Optional<Path> h2FileDirectory(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:h2:")) {
      return Optional.empty();
    }
    String location = jdbcUrl.substring("jdbc:h2:".length());
    int options = location.indexOf(';');
    if (options >= 0) {
      location = location.substring(0, options);
    }
    if (location.startsWith("file:")) {
      location = location.substring("file:".length());
    } else if (location.matches("^[a-zA-Z]+:.*") && !location.matches("^[a-zA-Z]:[\\\\/].*")) {
      return Optional.empty(); // mem:, tcp:, ssl:, zip:, ... (but not a Windows drive letter)
    }
    if (location.startsWith("~")) {
      location = System.getProperty("user.home") + location.substring(1);
    }
    return Optional.ofNullable(Path.of(location).toAbsolutePath().normalize().getParent());
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreFailure("cannot create the state store directory " + dir, e);
    }
  }
}
