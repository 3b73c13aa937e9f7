package io.strato.provisioning.store;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the state store lives: an H2 file for a single replica, PostgreSQL for several.
 *
 * @param jdbcUrl {@code jdbc:h2:...} (see {@link #H2_OPTIONS}) or {@code jdbc:postgresql://...}
 * @param user database user; may be empty for H2
 * @param password may be empty; never logged, and hidden from {@link #toString()}
 * @param maxPoolSize connections the pool may open at most
 */
public record StoreSettings(String jdbcUrl, String user, String password, int maxPoolSize) {

  /**
   * The H2 URL options under which the one migration script, and every statement of {@link
   * JdbcResourceStore}, mean the same on H2 2.x as on PostgreSQL 15.
   *
   * <ul>
   *   <li>{@code MODE=PostgreSQL}: {@code TEXT} is {@code CHARACTER VARYING} (a comparable string)
   *       instead of a {@code CLOB}, and PostgreSQL's syntax is accepted where H2's differs.
   *   <li>{@code DATABASE_TO_LOWER=TRUE}: unquoted identifiers fold to lower case as in PostgreSQL,
   *       so the schema is {@code public} and the tables are {@code resources}, whichever database
   *       Flyway or an operator's SQL console talks to.
   *   <li>{@code DEFAULT_NULL_ORDERING=HIGH}: NULLs sort last ascending, as in PostgreSQL.
   *   <li>{@code WRITE_DELAY=0}: H2 otherwise writes committed transactions to the file up to half
   *       a second later, so a killed process (OOM, {@code kill -9}) loses writes the API already
   *       acknowledged; checked by halting a JVM right after a commit. A control plane writes
   *       rarely, so durability wins over throughput.
   * </ul>
   */
  public static final String H2_OPTIONS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

  /** The embedded default's pool: enough for the API and the reconcile workers together. */
  public static final int DEFAULT_POOL_SIZE = 10;

  private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");

  public StoreSettings {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("the store needs a jdbc: URL, got " + jdbcUrl);
    }
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be at least 1, got " + maxPoolSize);
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  /** An embedded H2 database in {@code dir} (created on open if missing), file {@code strato}. */
  public static StoreSettings h2File(Path dir) {
    String file = dir.toAbsolutePath().normalize().resolve("strato").toString();
    return new StoreSettings("jdbc:h2:file:" + file + H2_OPTIONS, "", "", DEFAULT_POOL_SIZE);
  }

  /** The URL with any {@code password=} parameter masked: the only form fit for a log line. */
  public String redactedUrl() {
    return PASSWORD_IN_URL.matcher(jdbcUrl).replaceAll("$1***");
  }

  @Override
  public String toString() {
    return "StoreSettings[jdbcUrl="
        + redactedUrl()
        + ", user="
        + user
        + ", password="
        + (password.isEmpty() ? "(none)" : "***")
        + ", maxPoolSize="
        + maxPoolSize
        + "]";
  }
}
