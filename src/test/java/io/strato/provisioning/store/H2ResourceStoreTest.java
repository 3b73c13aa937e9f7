package io.strato.provisioning.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on the embedded default: an H2 file, opened with {@link StoreSettings#h2File}. */
class H2ResourceStoreTest extends ResourceStoreContract {

  @TempDir Path temp;

  @Override
  StoreSettings freshDatabase() {
    // A directory that does not exist yet, as on a fresh install.
    return StoreSettings.h2File(temp.resolve("strato").resolve("data"));
  }

  @Test
  void theDatabaseFileIsCreatedWithItsDirectory() {
    store.put(LB, "web", SHOP, SPEC_V1, null);

    assertThat(temp.resolve("strato/data/strato.mv.db")).isRegularFile();
  }
}
