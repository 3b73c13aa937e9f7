package io.strato.provisioning.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

  @Test
  void theEmbeddedDefaultIsAnH2FileWithThePostgresCompatibleOptions() {
    StoreSettings settings = StoreSettings.h2File(Path.of("/var/lib/strato"));

    assertThat(settings.jdbcUrl())
        .isEqualTo(
            "jdbc:h2:file:/var/lib/strato/strato;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                + ";DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
    assertThat(settings.user()).isEmpty();
    assertThat(settings.password()).isEmpty();
    assertThat(settings.maxPoolSize()).isEqualTo(StoreSettings.DEFAULT_POOL_SIZE);
  }

  @Test
  void thePasswordNeverShowsInTextMeantForLogs() {
    StoreSettings settings =
        new StoreSettings(
            "jdbc:postgresql://db:5432/strato?sslmode=require&password=hunter2&user=strato",
            "strato",
            "s3cret",
            20);

    assertThat(settings.toString())
        .doesNotContain("s3cret")
        .doesNotContain("hunter2")
        .contains("password=***")
        .contains("sslmode=require&password=***&user=strato");
    assertThat(settings.redactedUrl())
        .isEqualTo("jdbc:postgresql://db:5432/strato?sslmode=require&password=***&user=strato");
  }

  @Test
  void nonsenseSettingsAreRefusedAtOnce() {
    assertThatThrownBy(() -> new StoreSettings("postgres://db/strato", "u", "", 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc: URL");
    assertThatThrownBy(() -> new StoreSettings("jdbc:h2:mem:x", "", "", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPoolSize must be at least 1, got 0");
  }
}
