package io.strato.provisioning.store;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The continue token of a listing: URL-safe base64 of the kind and the last name returned. The next
 * page reads the names after that one, so a token stays valid while rows come and go. The kind
 * inside lets a token passed to another kind's listing be refused rather than silently skip rows;
 * the version prefix leaves room to change the form.
 */
final class ContinueToken {

  private static final String VERSION = "v1/";

  private ContinueToken() {}

  static String after(String kind, String lastName) {
    byte[] text = (VERSION + kind + "/" + lastName).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
  }

  /**
   * The last name the previous page returned.
   *
   * @throws IllegalArgumentException when the token was not made by {@link #after} for this kind
   */
  static String lastName(String kind, String token) {
    String prefix = VERSION + kind + "/";
    String text = decode(token);
    if (text == null || !text.startsWith(prefix) || text.length() == prefix.length()) {
      throw new IllegalArgumentException(
          "invalid continue token for a "
              + kind
              + " listing: pass back the continueToken of the previous page unchanged");
    }
    return text.substring(prefix.length());
  }

  private static String decode(String token) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(token);
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
  }
}
