package io.strato.provisioning.cluster.selfmanaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BootstrapCredentialsTest {

  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  @Test
  void theFormsAreTheOnesKubeadmAccepts() {
    BootstrapCredentials c = BootstrapCredentials.derive(SECRET, "uid-1");

    assertThat(c.token()).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
    assertThat(c.certificateKey()).matches("[0-9a-f]{64}");
  }

  @Test
  void theSameSecretAndUidGiveTheSameCredentialsAndAnotherUidOthers() {
    BootstrapCredentials a = BootstrapCredentials.derive(SECRET, "uid-1");

    assertThat(BootstrapCredentials.derive(SECRET.clone(), "uid-1")).isEqualTo(a);
    BootstrapCredentials b = BootstrapCredentials.derive(SECRET, "uid-2");
    assertThat(b.token()).isNotEqualTo(a.token());
    assertThat(b.certificateKey()).isNotEqualTo(a.certificateKey());
    byte[] other = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
    assertThat(BootstrapCredentials.derive(other, "uid-1").token()).isNotEqualTo(a.token());
  }

  @Test
  void printingThemShowsOnlyTheTokenId() {
    BootstrapCredentials c = BootstrapCredentials.derive(SECRET, "uid-1");

    assertThat(c.toString())
        .contains(c.tokenId())
        .doesNotContain(c.token())
        .doesNotContain(c.certificateKey());
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> BootstrapCredentials.derive(new byte[8], "uid"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
