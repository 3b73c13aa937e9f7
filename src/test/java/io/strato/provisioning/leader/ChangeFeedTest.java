package io.strato.provisioning.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.provisioning.store.JdbcResourceStore;
import io.strato.provisioning.store.ResourceKey;
import io.strato.provisioning.store.ResourceMark;
import io.strato.provisioning.store.StoreDataSource;
import io.strato.provisioning.store.StoreSettings;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChangeFeedTest {

  private StoreDataSource db;
  private JdbcResourceStore store;
  private final List<ResourceKey> queued = new ArrayList<>();
  private ChangeFeed feed;

  @BeforeEach
  void open() throws Exception {
    db = StoreDataSource.open(StoreSettings.h2File(Files.createTempDirectory("feed-")));
    store = new JdbcResourceStore(db.dataSource(), Clock.systemUTC());
    feed = new ChangeFeed(store, queued::add);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void queuesSpecChangesAndDeletionsButNotStatusWrites() {
    var web = store.put("LoadBalancer", "web", Map.of(), "{}", null).resource();
    assertThat(feed.baseline()).as("what a new leader resyncs").containsExactly(web.key());
    assertThat(feed.poll()).isZero();

    store.updateStatus("LoadBalancer", "web", web.uid(), "{\"phase\":\"Ready\"}");
    assertThat(feed.poll()).as("a status write is the leader's own work").isZero();

    store.put("LoadBalancer", "web", Map.of(), "{\"x\":1}", null);
    store.put("NodeGroup", "workers", Map.of(), "{}", null);
    assertThat(feed.poll()).isEqualTo(2);
    store.markDeleting("NodeGroup", "workers", null);
    assertThat(feed.poll()).isEqualTo(1);
    assertThat(queued)
        .containsExactly(
            web.key(),
            new ResourceKey("NodeGroup", "workers"),
            new ResourceKey("NodeGroup", "workers"));
  }

  @Test
  void aChangeAReconcileAlreadyReadIsNotQueuedAgain() {
    feed.baseline();
    var web = store.put("LoadBalancer", "web", Map.of(), "{}", null).resource();
    // The API queued it and its reconcile read this mark before the feed's next poll.
    feed.observed(new ResourceMark(web.key(), web.uid(), 1, false));
    assertThat(feed.poll()).isZero();
    // A later change through another replica is still seen.
    store.put("LoadBalancer", "web", Map.of(), "{\"x\":1}", null);
    assertThat(feed.poll()).isEqualTo(1);
  }
}
