package io.strato.provisioning.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.testsupport.TestClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ResourceStore} database must do, as scenarios. Each scenario gets an empty
 * database of its own from {@link #freshDatabase()}.
 */
abstract class ResourceStoreContract {

  static final String LB = "loadbalancer";
  static final String NG = "nodegroup";
  static final String SPEC_V1 = "{\"scheme\":\"internet-facing\",\"listeners\":[80]}";
  static final String SPEC_V2 = "{\"scheme\":\"internet-facing\",\"listeners\":[80,443]}";
  static final Map<String, String> SHOP = Map.of("team", "shop");

  /** Nanoseconds on purpose: both databases keep microseconds, and so must the store. */
  static final Instant T0 = Instant.parse("2026-03-02T09:15:00.123456789Z");

  static final Instant T0_STORED = Instant.parse("2026-03-02T09:15:00.123456Z");

  /** The migrations under src/main/resources/db/migration. */
  static final int MIGRATIONS = 5;

  final TestClock clock = new TestClock(T0);
  StoreSettings settings;
  StoreDataSource database;
  ResourceStore store;

  /** Settings of an empty database that only this scenario uses. */
  abstract StoreSettings freshDatabase();

  /** Runs after the scenario's pool is closed. */
  void databaseClosed(StoreSettings settings) {}

  @BeforeEach
  void openStore() {
    settings = freshDatabase();
    database = StoreDataSource.open(settings);
    store = new JdbcResourceStore(database.dataSource(), clock);
  }

  @AfterEach
  void closeStore() {
    if (database != null) { // null when the database could not be had and the scenario was skipped
      database.close();
      databaseClosed(settings);
    }
  }

  @Test
  void aNewResourceStartsAtGenerationOneAndVersionOne() {
    Written written = store.put(LB, "web", SHOP, SPEC_V1, null);

    assertThat(written.created()).isTrue();
    StoredResource web = written.resource();
    assertThat(web.key()).isEqualTo(new ResourceKey(LB, "web"));
    assertThat(web.uid()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(web.generation()).isEqualTo(1);
    assertThat(web.resourceVersion()).isEqualTo(1);
    assertThat(web.labels()).isEqualTo(SHOP);
    assertThat(web.specJson()).isEqualTo(SPEC_V1);
    assertThat(web.statusJson()).isNull();
    assertThat(web.createdAt()).isEqualTo(T0_STORED);
    assertThat(web.updatedAt()).isEqualTo(T0_STORED);
    assertThat(web.deletionRequestedAt()).isNull();
    assertThat(store.get(LB, "web")).contains(web);
    assertThat(store.get(LB, "api")).isEmpty();
    assertThat(store.get(NG, "web")).isEmpty();
  }

  @Test
  void aSpecChangeBumpsGenerationAndVersion() {
    StoredResource v1 = store.put(LB, "web", SHOP, SPEC_V1, null).resource();
    clock.advance(Duration.ofMinutes(1));

    Written written = store.put(LB, "web", SHOP, SPEC_V2, 1L);

    assertThat(written.created()).isFalse();
    StoredResource v2 = written.resource();
    assertThat(v2.uid()).isEqualTo(v1.uid());
    assertThat(v2.generation()).isEqualTo(2);
    assertThat(v2.resourceVersion()).isEqualTo(2);
    assertThat(v2.specJson()).isEqualTo(SPEC_V2);
    assertThat(v2.createdAt()).isEqualTo(T0_STORED);
    assertThat(v2.updatedAt()).isEqualTo(T0_STORED.plus(Duration.ofMinutes(1)));
    assertThat(store.get(LB, "web")).contains(v2);
  }

  @Test
  void aLabelsOnlyChangeBumpsVersionButNotGeneration() {
    store.put(LB, "web", SHOP, SPEC_V1, null);

    StoredResource relabelled =
        store.put(LB, "web", Map.of("team", "payments", "tier", "edge"), SPEC_V1, 1L).resource();

    assertThat(relabelled.generation()).isEqualTo(1);
    assertThat(relabelled.resourceVersion()).isEqualTo(2);
    assertThat(relabelled.labels())
        .containsOnly(Map.entry("team", "payments"), Map.entry("tier", "edge"));
    assertThat(store.get(LB, "web")).contains(relabelled);
  }

  @Test
  void aPutThatChangesNothingChangesNothing() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("team", "shop");
    labels.put("tier", "edge");
    StoredResource original = store.put(LB, "web", labels, SPEC_V1, null).resource();
    clock.advance(Duration.ofMinutes(5));

    Map<String, String> sameLabelsOtherOrder = new LinkedHashMap<>();
    sameLabelsOtherOrder.put("tier", "edge");
    sameLabelsOtherOrder.put("team", "shop");
    Written again = store.put(LB, "web", sameLabelsOtherOrder, SPEC_V1, 1L);

    assertThat(again.created()).isFalse();
    assertThat(again.resource()).isEqualTo(original);
    assertThat(store.get(LB, "web")).contains(original);
  }

  @Test
  void aStaleIfMatchIsRefusedWithTheCurrentVersion() {
    store.put(LB, "web", SHOP, SPEC_V1, null);
    store.put(LB, "web", SHOP, SPEC_V2, 1L);

    assertThatThrownBy(() -> store.put(LB, "web", SHOP, "{\"scheme\":\"internal\"}", 1L))
        .isInstanceOfSatisfying(
            StoreException.StaleVersion.class, e -> assertThat(e.current()).isEqualTo(2))
        .hasMessage("loadbalancer/web is at version 2, not 1");
    assertThat(store.get(LB, "web").orElseThrow().specJson()).isEqualTo(SPEC_V2);
  }

  @Test
  void aCreateThatExpectsAVersionFindsNothing() {
    assertThatThrownBy(() -> store.put(LB, "web", SHOP, SPEC_V1, 1L))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("loadbalancer/web not found");
    assertThat(store.keys()).isEmpty();
  }

  @Test
  void ofWritersRacingWithTheSameVersionExactlyOneWins() throws Exception {
    store.put(LB, "web", SHOP, SPEC_V1, null);
    int writers = 8;

    List<Object> outcomes =
        race(writers, i -> store.put(LB, "web", SHOP, "{\"listeners\":[" + i + "]}", 1L));

    List<Written> winners = only(Written.class, outcomes);
    List<StoreException.StaleVersion> losers = only(StoreException.StaleVersion.class, outcomes);
    assertThat(winners).hasSize(1);
    assertThat(losers).hasSize(writers - 1).allSatisfy(e -> assertThat(e.current()).isEqualTo(2));
    StoredResource stored = store.get(LB, "web").orElseThrow();
    assertThat(stored.resourceVersion()).isEqualTo(2);
    assertThat(stored.generation()).isEqualTo(2);
    assertThat(stored.specJson()).isEqualTo(winners.get(0).resource().specJson());
  }

  @Test
  void creatorsRacingForOneNameEndUpWithOneRow() throws Exception {
    int writers = 8;

    List<Object> outcomes =
        race(writers, i -> store.put(LB, "web", SHOP, "{\"listeners\":[" + i + "]}", null));

    List<Written> writes = only(Written.class, outcomes);
    assertThat(writes).hasSize(writers);
    assertThat(writes).filteredOn(Written::created).hasSize(1);
    assertThat(writes)
        .extracting(w -> w.resource().uid())
        .containsOnly(writes.get(0).resource().uid());
    assertThat(store.keys()).containsExactly(new ResourceKey(LB, "web"));
    // Every unconditional put changed the spec, so each one counts.
    StoredResource stored = store.get(LB, "web").orElseThrow();
    assertThat(stored.resourceVersion()).isEqualTo(writers);
    assertThat(stored.generation()).isEqualTo(writers);
  }

  @Test
  void aResourceBeingDeletedKeepsItsSpec() {
    store.put(LB, "web", SHOP, SPEC_V1, null);
    store.markDeleting(LB, "web", null);

    assertThatThrownBy(() -> store.put(LB, "web", SHOP, SPEC_V2, null))
        .isInstanceOf(StoreException.Deleting.class)
        .hasMessage("loadbalancer/web is being deleted");
    assertThat(store.get(LB, "web").orElseThrow().specJson()).isEqualTo(SPEC_V1);
  }

  @Test
  void markingForDeletionTwiceKeepsTheFirstRequest() {
    store.put(LB, "web", SHOP, SPEC_V1, null);
    clock.advance(Duration.ofMinutes(1));

    StoredResource first = store.markDeleting(LB, "web", 1L);
    clock.advance(Duration.ofMinutes(1));
    StoredResource second = store.markDeleting(LB, "web", null);

    assertThat(first.deletionRequestedAt()).isEqualTo(T0_STORED.plus(Duration.ofMinutes(1)));
    assertThat(first.deleting()).isTrue();
    assertThat(first.resourceVersion()).isEqualTo(2);
    assertThat(first.generation()).isEqualTo(1);
    assertThat(second).isEqualTo(first);
    assertThat(store.get(LB, "web")).contains(first);
  }

  @Test
  void markingForDeletionNeedsAnExistingCurrentResource() {
    assertThatThrownBy(() -> store.markDeleting(LB, "ghost", null))
        .isInstanceOf(StoreException.NotFound.class);

    store.put(LB, "web", SHOP, SPEC_V1, null);
    assertThatThrownBy(() -> store.markDeleting(LB, "web", 7L))
        .isInstanceOfSatisfying(
            StoreException.StaleVersion.class, e -> assertThat(e.current()).isEqualTo(1));
    assertThat(store.get(LB, "web").orElseThrow().deleting()).isFalse();
  }

  @Test
  void statusIsWrittenOnlyForTheSameUidAndOnlyWhenItChanged() {
    StoredResource web = store.put(LB, "web", SHOP, SPEC_V1, null).resource();
    String ready = "{\"phase\":\"Ready\",\"dnsName\":\"web-1.elb.amazonaws.com\"}";

    assertThat(store.updateStatus(LB, "web", web.uid(), ready)).isTrue();
    assertThat(store.updateStatus(LB, "web", web.uid(), ready)).isTrue();
    assertThat(store.updateStatus(LB, "web", "00000000-0000-4000-8000-000000000000", "{}"))
        .isFalse();
    assertThat(store.updateStatus(LB, "ghost", web.uid(), "{}")).isFalse();

    StoredResource stored = store.get(LB, "web").orElseThrow();
    assertThat(stored.statusJson()).isEqualTo(ready);
    assertThat(stored.resourceVersion()).isEqualTo(2);
    assertThat(stored.generation()).isEqualTo(1);
  }

  @Test
  void statusCanStillBeReportedWhileDeleting() {
    StoredResource web = store.put(LB, "web", SHOP, SPEC_V1, null).resource();
    store.markDeleting(LB, "web", null);

    assertThat(store.updateStatus(LB, "web", web.uid(), "{\"phase\":\"Deleting\"}")).isTrue();

    StoredResource stored = store.get(LB, "web").orElseThrow();
    assertThat(stored.statusJson()).isEqualTo("{\"phase\":\"Deleting\"}");
    assertThat(stored.deleting()).isTrue();
    assertThat(stored.resourceVersion()).isEqualTo(3);
  }

  @Test
  void removeTakesTheRowAndItsHistoryAndARecreatedResourceStartsClean() {
    StoredResource old = store.put(LB, "web", SHOP, SPEC_V1, null).resource();
    store.appendEvent(LB, "web", old.uid(), "Normal", "EnsuringLoadBalancer", "creating");
    store.appendEvent(LB, "web", old.uid(), "Normal", "DeletingLoadBalancer", "deleting");

    assertThat(store.remove(LB, "web", "00000000-0000-4000-8000-000000000000")).isFalse();
    assertThat(store.get(LB, "web")).isPresent();
    assertThat(store.remove(LB, "web", old.uid())).isTrue();
    assertThat(store.remove(LB, "web", old.uid())).isFalse();

    assertThat(store.get(LB, "web")).isEmpty();
    assertThat(store.events(LB, "web", 10)).isEmpty();
    assertThat(store.keys()).isEmpty();

    // A reconciler that finishes late must not leave history to the next resource of that name.
    store.appendEvent(LB, "web", old.uid(), "Normal", "DeletedLoadBalancer", "late");
    StoredResource recreated = store.put(LB, "web", SHOP, SPEC_V2, null).resource();
    store.appendEvent(LB, "web", old.uid(), "Normal", "DeletedLoadBalancer", "later still");
    assertThat(recreated.uid()).isNotEqualTo(old.uid());
    assertThat(recreated.generation()).isEqualTo(1);
    assertThat(recreated.resourceVersion()).isEqualTo(1);
    assertThat(store.events(LB, "web", 10)).isEmpty();
  }

  @Test
  void listPagesThroughNamesInOrderAndFiltersByLabel() {
    List<Integer> order = new ArrayList<>(IntStream.rangeClosed(1, 25).boxed().toList());
    Collections.shuffle(order, new Random(7));
    for (int i : order) {
      String tier = i % 2 == 1 ? "web" : "batch";
      store.put(LB, String.format("lb-%02d", i), Map.of("tier", tier), SPEC_V1, null);
    }
    store.put(NG, "lb-00", Map.of("tier", "web"), SPEC_V1, null);

    assertThat(pages(r -> true, 10))
        .containsExactly(names(1, 10, 1), names(11, 20, 1), names(21, 25, 1));
    assertThat(pages(r -> "web".equals(r.labels().get("tier")), 10))
        .containsExactly(names(1, 19, 2), names(21, 25, 2));
    assertThat(pages(r -> r.name().equals("lb-07"), 10)).containsExactly(List.of("lb-07"));
    assertThat(pages(r -> false, 10)).containsExactly(List.of());
  }

  @Test
  void aPageTokenIsOpaqueAndAForeignOrGarbageTokenIsRefused() {
    for (int i = 1; i <= 3; i++) {
      store.put(LB, "lb-" + i, SHOP, SPEC_V1, null);
      store.put(NG, "ng-" + i, SHOP, SPEC_V1, null);
    }
    Page first = store.list(LB, r -> true, 2, null);
    String token = first.continueToken();

    assertThat(token).matches("[A-Za-z0-9_-]+").doesNotContain("lb-2");
    assertThat(store.list(LB, r -> true, 2, token).items())
        .extracting(StoredResource::name)
        .containsExactly("lb-3");
    String nodeGroupToken = store.list(NG, r -> true, 2, null).continueToken();
    for (String bad : List.of("not a token!", "aGVsbG8", "", nodeGroupToken)) {
      assertThatThrownBy(() -> store.list(LB, r -> true, 2, bad))
          .as("token %s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid continue token for a loadbalancer listing");
    }
    assertThatThrownBy(() -> store.list(LB, r -> true, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be at least 1, got 0");
  }

  @Test
  void stampsPageAsTheRowsDoAndNameEachRowsVersion() {
    for (int i = 1; i <= 25; i++) {
      String tier = i % 2 == 1 ? "web" : "batch";
      store.put(LB, String.format("lb-%02d", i), Map.of("tier", tier), SPEC_V1, null);
    }
    store.put(NG, "lb-00", Map.of("tier", "web"), SPEC_V1, null);
    StoredResource relabelled =
        store.put(LB, "lb-03", Map.of("tier", "batch"), SPEC_V2, null).resource();

    Predicate<Map<String, String>> web = labels -> "web".equals(labels.get("tier"));
    for (Predicate<Map<String, String>> filter : List.of(labels -> true, web)) {
      String rowToken = null;
      String stampToken = null;
      do {
        Predicate<StoredResource> rowFilter = r -> filter.test(r.labels());
        Page rows = store.list(LB, rowFilter, 4, rowToken);
        StampPage stamps = store.stamps(LB, filter == web ? web : null, 4, stampToken);
        assertThat(stamps.items())
            .containsExactlyElementsOf(
                rows.items().stream()
                    .map(r -> new ResourceStamp(r.name(), r.uid(), r.resourceVersion()))
                    .toList());
        // the same token: either listing continues the other
        assertThat(stamps.continueToken()).isEqualTo(rows.continueToken());
        rowToken = rows.continueToken();
        stampToken = stamps.continueToken();
      } while (rowToken != null);
    }
    assertThat(store.stamps(LB, web, 100, null).items())
        .extracting(ResourceStamp::name)
        .doesNotContain("lb-03")
        .contains("lb-01", "lb-05");
    assertThat(store.stamps(LB, null, 100, null).items())
        .filteredOn(s -> s.name().equals("lb-03"))
        .containsExactly(new ResourceStamp("lb-03", relabelled.uid(), 2));
    assertThatThrownBy(() -> store.stamps(LB, null, 2, "not a token!"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStampNamesTheRowsVersionAndIsGoneWithTheRow() {
    StoredResource created = store.put(LB, "web", SHOP, SPEC_V1, null).resource();
    store.put(NG, "web", SHOP, SPEC_V2, null);
    assertThat(store.stamp(LB, "web"))
        .contains(new ResourceStamp("web", created.uid(), created.resourceVersion()));
    store.updateStatus(LB, "web", created.uid(), "{\"phase\":\"Ready\"}");
    StoredResource now = store.get(LB, "web").orElseThrow();
    assertThat(store.stamp(LB, "web"))
        .contains(new ResourceStamp("web", now.uid(), now.resourceVersion()));
    assertThat(now.resourceVersion()).isGreaterThan(created.resourceVersion());
    store.markDeleting(LB, "web", null);
    store.remove(LB, "web", now.uid());
    assertThat(store.stamp(LB, "web")).isEmpty();
    assertThat(store.stamp(NG, "web")).isPresent();
  }

  @Test
  void getAllReadsTheNamedRowsInNameOrderAndLeavesOutTheGoneOnes() {
    for (String name : List.of("c", "a", "b", "d")) {
      store.put(LB, name, SHOP, SPEC_V1, null);
    }
    store.put(NG, "a", SHOP, SPEC_V2, null);
    StoredResource d = store.get(LB, "d").orElseThrow();
    store.markDeleting(LB, "d", null);
    store.remove(LB, "d", d.uid());

    List<StoredResource> rows = store.getAll(LB, List.of("d", "c", "a", "zz"));
    assertThat(rows).extracting(StoredResource::name).containsExactly("a", "c");
    assertThat(rows.get(0)).isEqualTo(store.get(LB, "a").orElseThrow());
    assertThat(store.getAll(LB, List.of())).isEmpty();
  }

  @Test
  void eventsAreTheNewestOnesOldestFirst() {
    StoredResource web = store.put(LB, "web", SHOP, SPEC_V1, null).resource();
    for (int i = 1; i <= 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      store.appendEvent(LB, "web", web.uid(), "Normal", "Step" + i, "step " + i + " done");
    }
    store.appendEvent(LB, "web", web.uid(), "Warning", "SyncLoadBalancerFailed", "throttled");

    List<StoredEvent> newest = store.events(LB, "web", 3);

    assertThat(newest)
        .extracting(StoredEvent::reason)
        .containsExactly("Step4", "Step5", "SyncLoadBalancerFailed");
    StoredEvent last = newest.get(2);
    assertThat(last.type()).isEqualTo("Warning");
    assertThat(last.message()).isEqualTo("throttled");
    assertThat(last.uid()).isEqualTo(web.uid());
    assertThat(last.kind()).isEqualTo(LB);
    assertThat(last.name()).isEqualTo("web");
    assertThat(last.at()).isEqualTo(T0_STORED.plusSeconds(5));
    assertThat(newest.get(0).id()).isLessThan(newest.get(1).id());
    assertThat(store.events(LB, "web", 100)).hasSize(6);
    assertThat(store.events(LB, "api", 100)).isEmpty();
  }

  @Test
  void eventHistoryKeepsTheNewestTwoHundredPerResource() {
    StoredResource web = store.put(LB, "web", SHOP, SPEC_V1, null).resource();
    StoredResource api = store.put(LB, "api", SHOP, SPEC_V1, null).resource();
    store.appendEvent(LB, "api", api.uid(), "Normal", "EnsuredLoadBalancer", "api ready");
    for (int i = 1; i <= 205; i++) {
      store.appendEvent(LB, "web", web.uid(), "Normal", "Synced", "sync " + i);
    }

    List<StoredEvent> kept = store.events(LB, "web", 1000);

    assertThat(kept).hasSize(200);
    assertThat(kept.get(0).message()).isEqualTo("sync 6");
    assertThat(kept.get(199).message()).isEqualTo("sync 205");
    assertThat(store.events(LB, "api", 1000))
        .extracting(StoredEvent::message)
        .containsExactly("api ready");
  }

  @Test
  void keysNameEveryResourceOfEveryKind() {
    store.put(NG, "workers", SHOP, SPEC_V1, null);
    store.put(LB, "web", SHOP, SPEC_V1, null);
    store.put(LB, "api", SHOP, SPEC_V1, null);
    store.markDeleting(LB, "api", null);

    assertThat(store.keys())
        .containsExactly(
            new ResourceKey(LB, "api"), new ResourceKey(LB, "web"), new ResourceKey(NG, "workers"));
  }

  @Test
  void aRestartKeepsEveryResourceAndMigratesNothingTwice() throws SQLException {
    StoredResource web = store.put(LB, "web", SHOP, SPEC_V1, null).resource();
    store.updateStatus(LB, "web", web.uid(), "{\"phase\":\"Ready\"}");
    store.appendEvent(LB, "web", web.uid(), "Normal", "EnsuredLoadBalancer", "ready");
    store.put(LB, "api", Map.of(), SPEC_V2, null);
    store.markDeleting(LB, "api", null);
    store.put(NG, "workers", SHOP, SPEC_V1, null);
    List<StoredResource> before = everything(store);
    List<StoredEvent> eventsBefore = store.events(LB, "web", 10);
    assertThat(database.migrationsApplied()).isEqualTo(MIGRATIONS);

    database.close();
    database = StoreDataSource.open(settings);
    store = new JdbcResourceStore(database.dataSource(), clock);

    assertThat(database.migrationsApplied()).isZero();
    assertThat(everything(store)).isEqualTo(before).hasSize(3);
    assertThat(store.events(LB, "web", 10)).isEqualTo(eventsBefore);
    assertThat(appliedScripts())
        .containsExactly(
            "V1__resources.sql",
            "V2__audit_log.sql",
            "V3__leases.sql",
            "V4__audit_log_request_count.sql",
            "V5__audit_content_hash.sql");
  }

  private List<StoredResource> everything(ResourceStore s) {
    return s.keys().stream().map(k -> s.get(k.kind(), k.name()).orElseThrow()).toList();
  }

  // Flyway also records a marker row on H2 (type TABLE); only the scripts matter here.
  private List<String> appliedScripts() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT script FROM flyway_schema_history WHERE type = 'SQL' AND success"
                    + " ORDER BY installed_rank")) {
      List<String> scripts = new ArrayList<>();
      while (rs.next()) {
        scripts.add(rs.getString(1));
      }
      return scripts;
    }
  }

  /** The names of every page of a listing, following the tokens to the end. */
  private List<List<String>> pages(Predicate<StoredResource> filter, int size) {
    List<List<String>> pages = new ArrayList<>();
    String token = null;
    do {
      Page page = store.list(LB, filter, size, token);
      pages.add(page.items().stream().map(StoredResource::name).toList());
      token = page.continueToken();
    } while (token != null && pages.size() < 10);
    return pages;
  }

  private static List<String> names(int from, int to, int step) {
    List<String> names = new ArrayList<>();
    for (int i = from; i <= to; i += step) {
      names.add(String.format("lb-%02d", i));
    }
    return names;
  }

  interface Attempt {
    Object run(int writer) throws Exception;
  }

  /**
   * Starts every writer at once and returns what each got: its result or the exception it threw.
   */
  private static List<Object> race(int writers, Attempt attempt) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch ready = new CountDownLatch(writers);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        int writer = i;
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  try {
                    return attempt.run(writer);
                  } catch (StoreException e) {
                    return e;
                  }
                }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> f : futures) {
        outcomes.add(f.get(30, TimeUnit.SECONDS));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> List<T> only(Class<T> type, List<Object> outcomes) {
    return outcomes.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void marksChangeWithTheSpecAndDeletionButNotWithStatus() {
    StoredResource web = store.put(LB, "web", SHOP, SPEC_V1, null).resource();
    ResourceMark first = store.marks().get(0);
    assertThat(first).isEqualTo(new ResourceMark(web.key(), web.uid(), 1, false));
    store.updateStatus(LB, "web", web.uid(), "{\"phase\":\"Ready\"}");
    assertThat(store.marks()).containsExactly(first);
    store.put(LB, "web", SHOP, SPEC_V2, null);
    assertThat(store.marks().get(0).generation()).isEqualTo(2);
    store.markDeleting(LB, "web", null);
    assertThat(store.marks().get(0).deleting()).isTrue();
  }

  @Test
  void oneLeaseHolderAtATimeUntilItExpiresOrIsReleased() {
    var a = new io.strato.provisioning.leader.StoreLease(database.dataSource(), "provisioning");
    var b = new io.strato.provisioning.leader.StoreLease(database.dataSource(), "provisioning");
    java.time.Duration ttl = java.time.Duration.ofSeconds(15);
    assertThat(a.acquireOrRenew("a", 1_000, ttl)).isTrue();
    assertThat(b.acquireOrRenew("b", 2_000, ttl)).as("held by a").isFalse();
    assertThat(a.acquireOrRenew("a", 10_000, ttl)).as("a renews").isTrue();
    assertThat(b.acquireOrRenew("b", 24_000, ttl)).as("a's renewal still holds").isFalse();
    assertThat(b.acquireOrRenew("b", 25_001, ttl)).as("expired: b takes over").isTrue();
    assertThat(a.acquireOrRenew("a", 25_002, ttl)).as("a lost it").isFalse();
    b.release("b");
    assertThat(a.acquireOrRenew("a", 25_003, ttl)).as("released: a takes it at once").isTrue();
  }

  @Test
  void theAuditLogKeepsEntriesNewestFirst() {
    var audit = new io.strato.provisioning.audit.AuditLog(database.dataSource(), clock);
    audit.record("alice", "PUT", "/api/v1/node-groups/a", 201, "1.abcdef01", null);
    audit.record("bob", "DELETE", "/api/v1/node-groups/a", 403, null, null);
    var entries = audit.newest(10, null);
    assertThat(entries).extracting(e -> e.principal()).containsExactly("bob", "alice");
    assertThat(entries.get(1).at()).isEqualTo(T0_STORED);
    assertThat(audit.newest(10, entries.get(0).id()))
        .extracting(e -> e.principal())
        .containsExactly("alice");
  }
}
