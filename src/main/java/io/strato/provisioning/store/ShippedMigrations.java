package io.strato.provisioning.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The migration scripts this build ships, named here rather than found by scanning: Flyway's
 * class-path scan looked for {@code db/migration} in each of the ~270 jars of the packaged class
 * path at every start. {@code ShippedMigrationsTest} fails when this list and the directory differ,
 * so a new script cannot be left out.
 *
 * <p>It also answers, without Flyway, whether a database already holds exactly these migrations,
 * with the checksums Flyway recorded: then a start skips Flyway (its classes, its configuration and
 * its validation) altogether; anything else (an empty store, a pending, failed, unknown or changed
 * migration) goes through Flyway as before, which migrates or refuses.
 */
final class ShippedMigrations {

  static final String LOCATION = "db/migration";

  /** In the order Flyway applies them. */
  static final List<String> SCRIPTS =
      List.of(
          "V1__resources.sql",
          "V2__audit_log.sql",
          "V3__leases.sql",
          "V4__audit_log_request_count.sql",
          "V5__audit_content_hash.sql");

  private ShippedMigrations() {}

  /** The version of the newest script, as Flyway reports it: "5" for V5__....sql. */
  static String newestVersion() {
    String newest = SCRIPTS.get(SCRIPTS.size() - 1);
    return newest.substring(1, newest.indexOf("__"));
  }

  /**
   * True when the database's Flyway history holds exactly the shipped scripts, each applied with
   * success and with the checksum of the script shipped now. A missing history table is false.
   */
  static boolean current(DataSource dataSource) throws SQLException {
    Map<String, Integer> applied = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      if (!historyExists(c)) {
        return false;
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT version, script, checksum, success, type FROM flyway_schema_history")) {
        while (rs.next()) {
          if ("TABLE".equals(rs.getString(5))) {
            continue; // Flyway 12's marker of the history table's creation (rank -1, no version)
          }
          int checksum = rs.getInt(3);
          boolean noChecksum = rs.wasNull();
          if (rs.getString(1) == null || !rs.getBoolean(4) || noChecksum) {
            return false; // a repeatable, a failed or a baseline row: Flyway's call
          }
          if (applied.put(rs.getString(2), checksum) != null) {
            return false;
          }
        }
      }
    }
    if (applied.size() != SCRIPTS.size()) {
      return false;
    }
    for (String script : SCRIPTS) {
      Integer recorded = applied.get(script);
      if (recorded == null || recorded != checksum(script)) {
        return false;
      }
    }
    return true;
  }

  private static boolean historyExists(Connection c) throws SQLException {
    // Lower case: H2 with DATABASE_TO_LOWER and PostgreSQL both fold the unquoted name so.
    try (ResultSet tables = c.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
      return tables.next();
    }
  }

  /**
   * Flyway's checksum of a script: a CRC-32 over its lines in UTF-8, without line ends and without
   * a byte-order mark (Flyway 12's ChecksumCalculator), so it matches what Flyway recorded.
   */
  static int checksum(String script) {
    CRC32 crc = new CRC32();
    try (InputStream in = open(script);
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the migration " + script, e);
    }
    return (int) crc.getValue();
  }

  /** The shipped scripts as Flyway's resources, so that Flyway scans nothing either. */
  static ResourceProvider resourceProvider() {
    return new ResourceProvider() {
      @Override
      public LoadableResource getResource(String name) {
        return SCRIPTS.contains(name) ? new Script(name) : null;
      }

      @Override
      public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        List<LoadableResource> found = new ArrayList<>();
        for (String script : SCRIPTS) {
          if (script.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(script::endsWith)) {
            found.add(new Script(script));
          }
        }
        return found;
      }
    };
  }

  /** One shipped script, read from the class path: named as Flyway's own scan names it. */
  private static final class Script extends LoadableResource {
    private final String name;

    Script(String name) {
      this.name = name;
    }

    @Override
    public Reader read() {
      try {
        return new InputStreamReader(open(name), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String getAbsolutePath() {
      return LOCATION + "/" + name;
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return getAbsolutePath();
    }

    @Override
    public String getFilename() {
      return name;
    }

    @Override
    public String getRelativePath() {
      return name;
    }
  }

  static InputStream open(String script) throws IOException {
    InputStream in =
        ShippedMigrations.class.getClassLoader().getResourceAsStream(LOCATION + "/" + script);
    if (in == null) {
      throw new IOException(
          "the migration " + LOCATION + "/" + script + " is not on the class path");
    }
    return in;
  }
}
