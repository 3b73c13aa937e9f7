package io.strato.provisioning.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * {@link ResourceStore} on plain JDBC, for H2 and PostgreSQL alike.
 *
 * <p>Every write reads the row, decides in Java, then writes with {@code WHERE uid = ? AND
 * resource_version = ?}. An update count of 0 means another writer got in between: the write reads
 * again and decides again, so a conditional write then fails with the error the new row calls for
 * and an unconditional one applies on top of it. No row is locked while Java decides.
 *
 * <p>Events of a resource that is gone (or recreated under another uid) are dropped on append.
 */
public final class JdbcResourceStore implements ResourceStore {

  private static final Logger LOG = Logger.getLogger(JdbcResourceStore.class);

  /** Enough for every writer of a burst to win once; beyond it the database is the problem. */
  private static final int MAX_ATTEMPTS = 32;

  /** Reads on dead connections: well above the default pool sizes (8 configured, 10 embedded). */
  private static final int MAX_READ_ATTEMPTS = 21;

  private static final int MIN_BATCH = 50;
  private static final int MAX_BATCH = 500;

  private final DataSource dataSource;
  private final Clock clock;

  public JdbcResourceStore(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<StoredResource> get(String kind, String name) {
    ResourceKey key = new ResourceKey(kind, name);
    return read("read " + key, c -> ResourceRows.find(c, key));
  }

  @Override
  public Optional<ResourceStamp> stamp(String kind, String name) {
    ResourceKey key = new ResourceKey(kind, name);
    return read("read the version of " + key, c -> ResourceRows.stamp(c, key));
  }

  @Override
  public Written put(
      String kind, String name, Map<String, String> labels, String specJson, Long expectedVersion) {
    ResourceKey key = new ResourceKey(kind, name);
    Objects.requireNonNull(specJson, "specJson");
    Map<String, String> newLabels = labels == null ? Map.of() : Map.copyOf(labels);
    return retryOnRace(
        "write " + key,
        c -> {
          Optional<StoredResource> current = ResourceRows.find(c, key);
          if (current.isEmpty()) {
            if (expectedVersion != null) {
              throw new StoreException.NotFound(key);
            }
            StoredResource created = newResource(key, newLabels, specJson);
            // false: a concurrent put created it first; read it again and update it instead.
            return ResourceRows.insert(c, created)
                ? Optional.of(new Written(created, true))
                : Optional.empty();
          }
          StoredResource row = current.get();
          if (row.deleting()) {
            throw new StoreException.Deleting(key);
          }
          requireVersion(row, expectedVersion);
          boolean specChanged = !row.specJson().equals(specJson);
          if (!specChanged && row.labels().equals(newLabels)) {
            return Optional.of(new Written(row, false));
          }
          StoredResource next =
              revision(
                  row,
                  row.generation() + (specChanged ? 1 : 0),
                  newLabels,
                  specJson,
                  row.statusJson(),
                  null);
          return ResourceRows.replace(c, next, row.resourceVersion())
              ? Optional.of(new Written(next, false))
              : Optional.empty();
        });
  }

  @Override
  public StoredResource markDeleting(String kind, String name, Long expectedVersion) {
    ResourceKey key = new ResourceKey(kind, name);
    return retryOnRace(
        "mark " + key + " for deletion",
        c -> {
          StoredResource row =
              ResourceRows.find(c, key).orElseThrow(() -> new StoreException.NotFound(key));
          requireVersion(row, expectedVersion);
          if (row.deleting()) {
            return Optional.of(row);
          }
          StoredResource next =
              revision(
                  row, row.generation(), row.labels(), row.specJson(), row.statusJson(), now());
          return ResourceRows.replace(c, next, row.resourceVersion())
              ? Optional.of(next)
              : Optional.empty();
        });
  }

  @Override
  public boolean updateStatus(String kind, String name, String uid, String statusJson) {
    ResourceKey key = new ResourceKey(kind, name);
    return retryOnRace(
        "write the status of " + key,
        c -> {
          Optional<StoredResource> current = ResourceRows.find(c, key);
          if (current.isEmpty() || !current.get().uid().equals(uid)) {
            return Optional.of(false);
          }
          StoredResource row = current.get();
          if (Objects.equals(row.statusJson(), statusJson)) {
            return Optional.of(true);
          }
          StoredResource next =
              revision(
                  row,
                  row.generation(),
                  row.labels(),
                  row.specJson(),
                  statusJson,
                  row.deletionRequestedAt());
          return ResourceRows.replace(c, next, row.resourceVersion())
              ? Optional.of(true)
              : Optional.empty();
        });
  }

  @Override
  public boolean remove(String kind, String name, String uid) {
    ResourceKey key = new ResourceKey(kind, name);
    return inTransaction(
        "remove " + key,
        c -> {
          if (!ResourceRows.delete(c, key, uid)) {
            return false;
          }
          EventLog.deleteAll(c, key);
          return true;
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads rows in batches after the token's name until {@code limit} of them pass the filter. It
   * looks for one match more, so the last page has no token and clients never fetch an empty page.
   *
   * @throws IllegalArgumentException when the token is not one this store returned for that kind,
   *     or limit is below 1
   */
  @Override
  public Page list(String kind, Predicate<StoredResource> filter, int limit, String continueToken) {
    Predicate<StoredResource> wanted = filter == null ? r -> true : filter;
    Paged<StoredResource> page =
        page(kind, limit, continueToken, ResourceRows::after, wanted, StoredResource::name);
    return new Page(page.items(), page.continueToken());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Pages exactly as {@link #list} does, so a token of either serves the other.
   *
   * @throws IllegalArgumentException as {@link #list} does
   */
  @Override
  public StampPage stamps(
      String kind, Predicate<Map<String, String>> labelFilter, int limit, String continueToken) {
    boolean withLabels = labelFilter != null;
    Predicate<ResourceRows.StampRow> wanted =
        withLabels ? r -> labelFilter.test(LabelsJson.read(r.labelsJson())) : r -> true;
    Paged<ResourceRows.StampRow> page =
        page(
            kind,
            limit,
            continueToken,
            (c, k, after, max) -> ResourceRows.stampsAfter(c, k, after, max, withLabels),
            wanted,
            r -> r.stamp().name());
    return new StampPage(
        page.items().stream().map(ResourceRows.StampRow::stamp).toList(), page.continueToken());
  }

  @Override
  public List<StoredResource> getAll(String kind, Collection<String> names) {
    List<String> wanted = List.copyOf(names);
    if (wanted.isEmpty()) {
      return List.of();
    }
    return read(
        "read " + wanted.size() + " " + kind + " resources",
        c -> ResourceRows.named(c, kind, wanted));
  }

  private <T> Paged<T> page(
      String kind,
      int limit,
      String continueToken,
      Batch<T> batches,
      Predicate<T> wanted,
      Function<T, String> nameOf) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    String start = continueToken == null ? "" : ContinueToken.lastName(kind, continueToken);
    int batch = Math.min(Math.max(limit + 1, MIN_BATCH), MAX_BATCH);
    return read(
        "list " + kind,
        c -> {
          List<T> matches = new ArrayList<>();
          String after = start;
          while (true) {
            List<T> rows = batches.after(c, kind, after, batch);
            for (T row : rows) {
              if (wanted.test(row)) {
                matches.add(row);
                if (matches.size() > limit) {
                  List<T> page = matches.subList(0, limit);
                  String last = nameOf.apply(page.get(limit - 1));
                  return new Paged<>(page, ContinueToken.after(kind, last));
                }
              }
            }
            if (rows.size() < batch) {
              return new Paged<>(matches, null);
            }
            after = nameOf.apply(rows.get(rows.size() - 1));
          }
        });
  }

  private record Paged<T>(List<T> items, String continueToken) {}

  /** Up to {@code max} rows of a kind whose names sort after a name, in name order. */
  @FunctionalInterface
  private interface Batch<T> {
    List<T> after(Connection c, String kind, String afterName, int max) throws SQLException;
  }

  @Override
  public List<ResourceKey> keys() {
    return read("list every resource key", ResourceRows::keys);
  }

  @Override
  public List<ResourceMark> marks() {
    return read("list every resource's mark", ResourceRows::marks);
  }

  @Override
  public void appendEvent(
      String kind, String name, String uid, String type, String reason, String message) {
    StoredEvent event =
        new StoredEvent(
            0, kind, name, Objects.requireNonNull(uid, "uid"), now(), type, reason, message);
    boolean appended =
        withConnection("append an event to " + kind + "/" + name, c -> EventLog.append(c, event));
    if (!appended) {
      LOG.debugf("Dropped event %s of %s/%s: no resource with uid %s", reason, kind, name, uid);
    }
  }

  @Override
  public List<StoredEvent> events(String kind, String name, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    ResourceKey key = new ResourceKey(kind, name);
    return read("read the events of " + key, c -> EventLog.newest(c, key, limit));
  }

  private StoredResource newResource(ResourceKey key, Map<String, String> labels, String spec) {
    Instant now = now();
    return new StoredResource(
        key.kind(),
        key.name(),
        UUID.randomUUID().toString(),
        1,
        1,
        labels,
        spec,
        null,
        now,
        now,
        null);
  }

  private StoredResource revision(
      StoredResource row,
      long generation,
      Map<String, String> labels,
      String spec,
      String status,
      Instant deletionRequestedAt) {
    return new StoredResource(
        row.kind(),
        row.name(),
        row.uid(),
        generation,
        row.resourceVersion() + 1,
        labels,
        spec,
        status,
        row.createdAt(),
        now(),
        deletionRequestedAt);
  }

  private static void requireVersion(StoredResource row, Long expectedVersion) {
    if (expectedVersion != null && expectedVersion != row.resourceVersion()) {
      throw new StoreException.StaleVersion(row.key(), expectedVersion, row.resourceVersion());
    }
  }

  // Both databases keep microseconds; truncating here makes what put returns equal what get reads.
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Runs a read-decide-write attempt until it is not overtaken by another writer. */
  private <T> T retryOnRace(String what, SqlWork<Optional<T>> attempt) {
    return withConnection(
        what,
        c -> {
          for (int i = 1; i <= MAX_ATTEMPTS; i++) {
            Optional<T> done = attempt.run(c);
            if (done.isPresent()) {
              return done.get();
            }
          }
          throw new StoreFailure(
              "cannot " + what + ": overtaken by other writers " + MAX_ATTEMPTS + " times", null);
        });
  }

  /**
   * A read, tried again on another connection while the one it got turned out dead (see {@link
   * DeadConnection}), so a database restart or an H2 write failure costs readers nothing. The pool
   * destroys a connection on its first failure, so each attempt drains one dead connection; the
   * bound is above any pool size used here. Writes are not retried: a commit whose answer was lost
   * may have taken effect, and the caller (a REST client on 503, the engine with backoff) decides
   * whether to write again.
   */
  private <T> T read(String what, SqlWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return withConnection(what, work);
      } catch (StoreFailure e) {
        if (attempt >= MAX_READ_ATTEMPTS
            || !(e.getCause() instanceof SQLException sql)
            || !DeadConnection.is(sql)) {
          throw e;
        }
        LOG.debugf("Retrying '%s' on another connection: %s", what, sql.getMessage());
      }
    }
  }

  private <T> T withConnection(String what, SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreFailure("cannot " + what + ": " + e.getMessage(), e);
    }
  }

  private <T> T inTransaction(String what, SqlWork<T> work) {
    return withConnection(
        what,
        c -> {
          c.setAutoCommit(false);
          try {
            T result = work.run(c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }
}
