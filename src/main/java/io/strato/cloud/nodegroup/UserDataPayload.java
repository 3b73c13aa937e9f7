package io.strato.cloud.nodegroup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * The bytes a node's user data travels as. EC2 refuses user data above 16 KiB before base64, and
 * cloud-init, which runs user data on every image Strato bootstraps, decompresses gzip user data by
 * itself (the gzip magic bytes tell it). So a script goes as it is while it fits, which keeps it
 * readable in the console and leaves the launch templates of existing groups unchanged, and as gzip
 * only when it would not fit. Java's gzip writes no timestamp, so the same script always gives the
 * same bytes and a launch template compares equal to what it was made from.
 */
public final class UserDataPayload {

  /** EC2's limit on user data, before base64. */
  public static final int MAX_BYTES = 16 * 1024;

  private UserDataPayload() {}

  /** The script itself while it fits, else its gzip. */
  public static byte[] of(String script) {
    byte[] plain = script.getBytes(StandardCharsets.UTF_8);
    return plain.length <= MAX_BYTES ? plain : gzip(plain);
  }

  /** Whether the script fits EC2's limit, compressed if need be. */
  public static boolean fits(String script) {
    return of(script).length <= MAX_BYTES;
  }

  private static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 3);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen in memory
    }
    return out.toByteArray();
  }
}
