package io.strato.provisioning.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreDataSourceTest {

  @Test
  void anUnreachableDatabaseFailsTheOpenNamingTheUrlButNotThePassword() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    StoreSettings settings =
        new StoreSettings(
            "jdbc:postgresql://127.0.0.1:" + closedPort + "/strato", "strato", "s3cret", 2);

    assertThatThrownBy(() -> StoreDataSource.open(settings))
        .isInstanceOf(StoreFailure.class)
        .hasMessageContaining(
            "cannot open the state store at jdbc:postgresql://127.0.0.1:" + closedPort)
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void onlyH2FileUrlsNeedADirectory() {
    assertThat(StoreDataSource.h2FileDirectory("jdbc:h2:file:/data/strato/db;MODE=PostgreSQL"))
        .contains(Path.of("/data/strato"));
    assertThat(StoreDataSource.h2FileDirectory("jdbc:h2:./.strato/data/strato;MODE=PostgreSQL"))
        .contains(Path.of(".strato/data").toAbsolutePath());
    assertThat(StoreDataSource.h2FileDirectory("jdbc:h2:~/strato/db"))
        .contains(Path.of(System.getProperty("user.home"), "strato"));
    assertThat(StoreDataSource.h2FileDirectory("jdbc:h2:mem:strato;DB_CLOSE_DELAY=-1")).isEmpty();
    assertThat(StoreDataSource.h2FileDirectory("jdbc:h2:tcp://db:9092/strato")).isEmpty();
    assertThat(StoreDataSource.h2FileDirectory("jdbc:postgresql://db/strato")).isEmpty();
  }
}
