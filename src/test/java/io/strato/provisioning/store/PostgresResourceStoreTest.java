package io.strato.provisioning.store;

import io.strato.testsupport.PostgresServer;
import java.util.concurrent.atomic.AtomicInteger;

/** The store on a real PostgreSQL 15, a new database per scenario. */
class PostgresResourceStoreTest extends ResourceStoreContract {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private String databaseName;

  // Skips (on CI: fails) each scenario when PostgreSQL is not installed. Not in a @BeforeAll:
  // surefire reports a class aborted there as 0 tests run, hiding both the skip and its reason.
  @Override
  StoreSettings freshDatabase() {
    PostgresServer server = PostgresServer.shared();
    databaseName = "store_" + DATABASES.incrementAndGet();
    return new StoreSettings(server.createDatabase(databaseName), server.user(), "", 10);
  }

  @Override
  void databaseClosed(StoreSettings settings) {
    PostgresServer.shared().dropDatabase(databaseName);
  }
}
