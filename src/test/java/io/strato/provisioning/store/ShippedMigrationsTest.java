package io.strato.provisioning.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedMigrationsTest {

  @TempDir Path dir;

  @Test
  void theListNamesEveryScriptOfTheMigrationDirectoryInOrder() throws IOException {
    try (Stream<Path> files =
        Files.list(Path.of("src/main/resources", ShippedMigrations.LOCATION))) {
      assertThat(ShippedMigrations.SCRIPTS)
          .containsExactlyElementsOf(
              files
                  .map(f -> f.getFileName().toString())
                  .sorted(
                      (a, b) ->
                          Integer.compare(
                              Integer.parseInt(a.substring(1, a.indexOf("__"))),
                              Integer.parseInt(b.substring(1, b.indexOf("__")))))
                  .toList());
    }
    assertThat(ShippedMigrations.newestVersion())
        .isEqualTo(String.valueOf(ShippedMigrations.SCRIPTS.size()));
  }

  @Test
  void anEmptyStoreIsMigratedByFlywayAndARestartFindsItCurrentWithFlywaysChecksums()
      throws SQLException {
    StoreSettings settings = StoreSettings.h2File(dir);
    try (StoreDataSource first = StoreDataSource.open(settings)) {
      assertThat(first.migrationsApplied()).isEqualTo(ShippedMigrations.SCRIPTS.size());
      // The checksums Flyway recorded are the ones computed here: the fast path would otherwise
      // never be taken.
      assertThat(ShippedMigrations.current(first.dataSource())).isTrue();
    }
    try (StoreDataSource again = StoreDataSource.open(settings)) {
      assertThat(again.migrationsApplied()).isZero();
    }
  }

  @Test
  void aChangedScriptIsNotCurrentAndFlywayRefusesTheStore() throws SQLException {
    StoreSettings settings = StoreSettings.h2File(dir);
    try (StoreDataSource first = StoreDataSource.open(settings);
        Connection c = first.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'");
      assertThat(ShippedMigrations.current(first.dataSource())).isFalse();
    }
    assertThatThrownBy(() -> StoreDataSource.open(settings))
        .isInstanceOf(StoreFailure.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void aStoreMissingTheNewestMigrationIsNotCurrentAndGetsIt() throws SQLException {
    StoreSettings settings = StoreSettings.h2File(dir);
    try (StoreDataSource first = StoreDataSource.open(settings);
        Connection c = first.dataSource().getConnection();
        Statement s = c.createStatement()) {
      // As a store written by the previous release looks: V5 not applied yet.
      s.executeUpdate("ALTER TABLE audit_log DROP COLUMN content_sha256");
      s.executeUpdate("DELETE FROM flyway_schema_history WHERE version = '5'");
      assertThat(ShippedMigrations.current(first.dataSource())).isFalse();
    }
    try (StoreDataSource again = StoreDataSource.open(settings)) {
      assertThat(again.migrationsApplied()).isEqualTo(1);
    }
  }
}
