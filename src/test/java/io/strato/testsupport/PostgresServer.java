package io.strato.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL 15 server for tests: one per test JVM, started on first use on a free loopback
 * port, with trust authentication for the user {@value #USER}; stopped and deleted at exit.
 *
 * <p>PostgreSQL refuses to run as root, and tests here do: when the JVM runs as root, {@code
 * initdb} and {@code pg_ctl} run as the {@code postgres} user through {@code runuser}, in a temp
 * directory that user owns. Without the binaries the calling test is skipped, unless {@code
 * CI=true} where a missing database must fail the build rather than quietly test less.
 */
public final class PostgresServer {

  public static final String USER = "strato";

  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final String OS_USER = "postgres";

  private static PostgresServer shared;

  private final Path base;
  private final Path data;
  private final int port;
  private final boolean asRoot;

  private PostgresServer(Path base, int port, boolean asRoot) {
    this.base = base;
    this.data = base.resolve("data");
    this.port = port;
    this.asRoot = asRoot;
  }

  /** The JVM-wide server, started on first use; skips (or fails on CI) without binaries. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      requireBinaries();
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "postgres-stop"));
    }
    return shared;
  }

  /** The database {@code strato}, created at start. */
  public String jdbcUrl() {
    return urlOf("strato");
  }

  public String user() {
    return USER;
  }

  /** Creates an empty database and returns its URL; the name must be a plain lower-case word. */
  public String createDatabase(String name) {
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    execute("CREATE DATABASE " + name);
    return urlOf(name);
  }

  /** Drops a database made by {@link #createDatabase}, closing whatever still holds it. */
  public void dropDatabase(String name) {
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /**
   * {@code pg_ctl restart -m immediate}: the server quits without a checkpoint (every client's
   * connection breaks, as in a crash), then starts on the same port with the same options and
   * replays its WAL before it accepts connections again. Returns once it does.
   */
  public synchronized void restartImmediately() {
    run(
        "pg_ctl",
        "-D",
        data.toString(),
        "-l",
        base.resolve("postgres.log").toString(),
        "-m",
        "immediate",
        "-w",
        "-t",
        "60",
        "restart");
  }

  private String urlOf(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection(urlOf("postgres"), USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on the test PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static void requireBinaries() {
    List<String> missing = new ArrayList<>();
    for (String binary : List.of("initdb", "pg_ctl", "postgres")) {
      if (onPath(binary).isEmpty()) {
        missing.add(binary);
      }
    }
    if (isRoot() && onPath("runuser").isEmpty()) {
      missing.add("runuser");
    }
    if (missing.isEmpty()) {
      return;
    }
    String reason =
        "PostgreSQL tests need "
            + String.join(", ", missing)
            + " on PATH: install `apt-get install postgresql-15` (or the PGDG binaries) and put"
            + " its bin directory (e.g. /usr/lib/postgresql/15/bin) on PATH";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(reason);
    }
    Assumptions.abort(reason);
  }

  private static PostgresServer start() {
    boolean asRoot = isRoot();
    Path base = createBase(asRoot);
    PostgresServer server = null;
    try {
      server = new PostgresServer(base, freePort(), asRoot);
      server.run(
          "initdb",
          "-D",
          server.data.toString(),
          "-A",
          "trust",
          "-U",
          USER,
          "-E",
          "UTF8",
          "--locale=C",
          "--no-sync");
      server.run(
          "pg_ctl",
          "-D",
          server.data.toString(),
          "-l",
          base.resolve("postgres.log").toString(),
          "-w",
          "-t",
          "60",
          "-o",
          // Durability is not under test and fsync costs seconds per test class.
          "-p "
              + server.port
              + " -k "
              + base
              + " -c listen_addresses=127.0.0.1"
              + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
          "start");
      server.execute("CREATE DATABASE strato");
      return server;
    } catch (RuntimeException e) {
      if (server != null) {
        server.stop();
      } else {
        deleteTree(base);
      }
      throw e;
    }
  }

  private void stop() {
    if (Files.exists(data.resolve("postmaster.pid"))) {
      try {
        run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
      } catch (RuntimeException e) {
        System.err.println("could not stop the test PostgreSQL: " + e.getMessage());
      }
    }
    deleteTree(base);
  }

  /** Runs a PostgreSQL binary as the {@code postgres} user when we are root, and waits for it. */
  private void run(String... command) {
    List<String> line = new ArrayList<>();
    if (asRoot) {
      line.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    line.addAll(List.of(command));
    Path log = base.resolve(command[0] + ".out");
    try {
      Process process =
          new ProcessBuilder(line)
              // our working directory may be unreadable to the postgres user
              .directory(base.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command[0] + " did not finish in 120 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", line)
                + " exited with "
                + process.exitValue()
                + ":\n"
                + Files.readString(log)
                + serverLog());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String serverLog() throws IOException {
    Path log = base.resolve("postgres.log");
    return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
  }

  private static Path createBase(boolean asRoot) {
    try {
      Path base = Files.createTempDirectory("strato-pg-");
      if (asRoot) {
        UserPrincipal postgres =
            base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
        Files.setOwner(base, postgres);
      }
      return base;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot prepare a directory for the test PostgreSQL (is there a `" + OS_USER + "` user?)",
          e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static Optional<Path> onPath(String binary) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, binary))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e.getMessage());
    }
  }
}
