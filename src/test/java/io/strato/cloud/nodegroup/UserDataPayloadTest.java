package io.strato.cloud.nodegroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class UserDataPayloadTest {

  @Test
  void aScriptThatFitsTravelsAsItIs() {
    String script = "#!/bin/bash\necho hello\n";
    assertThat(UserDataPayload.of(script)).isEqualTo(script.getBytes(StandardCharsets.UTF_8));
    assertThat(UserDataPayload.fits(script)).isTrue();
  }

  @Test
  void aLargerScriptTravelsGzippedTheSameBytesEachTimeAndCloudInitGetsItBack() throws Exception {
    String script = "#!/bin/bash\n" + "echo 'one line of a long bootstrap script'\n".repeat(600);
    assertThat(script.getBytes(StandardCharsets.UTF_8).length)
        .isGreaterThan(UserDataPayload.MAX_BYTES);

    byte[] payload = UserDataPayload.of(script);
    // cloud-init recognises gzip user data by these two bytes
    assertThat(payload[0]).isEqualTo((byte) 0x1f);
    assertThat(payload[1]).isEqualTo((byte) 0x8b);
    assertThat(payload.length).isLessThanOrEqualTo(UserDataPayload.MAX_BYTES);
    // no timestamp inside: a launch template compares equal to the script it was made from
    assertThat(UserDataPayload.of(script)).isEqualTo(payload);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(script);
    }
    assertThat(UserDataPayload.fits(script)).isTrue();
  }

  @Test
  void whatDoesNotFitEvenGzippedIsSaid() {
    byte[] noise = new byte[40_000];
    new Random(7).nextBytes(noise);
    String script = java.util.Base64.getEncoder().encodeToString(noise);
    assertThat(UserDataPayload.fits(script)).isFalse();
  }
}
