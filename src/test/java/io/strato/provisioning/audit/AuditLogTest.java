package io.strato.provisioning.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.provisioning.store.StoreDataSource;
import io.strato.provisioning.store.StoreSettings;
import io.strato.testsupport.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail on the embedded store: retention and the summary of anonymous refusals. */
class AuditLogTest {

  @TempDir Path temp;

  private StoreDataSource store;
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private AuditLog audit;

  @BeforeEach
  void open() {
    store = StoreDataSource.open(StoreSettings.h2File(temp.resolve("data")));
    audit = new AuditLog(store.dataSource(), clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void entriesPastTheRetentionAreDeletedAndNewerOnesKept() {
    audit.record("old", "PUT", "/api/v1/node-groups/a", 201, "1", null);
    clock.advance(Duration.ofDays(60));
    audit.record("middle", "PUT", "/api/v1/node-groups/b", 201, "1", null);
    clock.advance(Duration.ofDays(40));
    audit.record("new", "DELETE", "/api/v1/node-groups/a", 202, null, null);

    int deleted = audit.deleteOlderThan(clock.instant().minus(Duration.ofDays(90)));

    assertThat(deleted).isEqualTo(1);
    assertThat(audit.newest(10, null))
        .extracting(AuditEntry::principal)
        .containsExactly("new", "middle");
  }

  @Test
  void manyAnonymousRefusalsAreOneEntryThatSaysHowMany() {
    audit.recordAnonymousRefusals(100_000);
    audit.record("someone", "PUT", "/api/v1/clusters/c", 403, null, null);

    assertThat(audit.newest(10, null))
        .extracting(e -> e.principal() + " " + e.method() + " " + e.status() + " x" + e.count())
        .containsExactly("someone PUT 403 x1", "anonymous * 401 x100000");
  }
}
