package io.strato.provisioning.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON of a page of resources put together from its items' rendered JSON, without binding or
 * serialising any resource again. The envelope is the one Jackson gives {@link ListView} (fields in
 * record order, no {@code continue} on the last page, as nulls are left out everywhere);
 * RenderedListTest compares the two.
 */
final class PageJson {

  private static final byte[] API_VERSION = ascii("{\"apiVersion\":");
  private static final byte[] KIND = ascii(",\"kind\":");
  private static final byte[] ITEMS = ascii(",\"items\":[");
  private static final byte[] CONTINUE = ascii("],\"continue\":");
  private static final byte[] LAST = ascii("]}");

  private PageJson() {}

  /** One array of exactly the page's length, so the answer can go out in one write. */
  static byte[] of(
      ObjectMapper json, String apiVersion, String kind, List<byte[]> items, String token) {
    try {
      byte[] version = json.writeValueAsBytes(apiVersion);
      byte[] kindJson = json.writeValueAsBytes(kind);
      byte[] tokenJson = token == null ? null : json.writeValueAsBytes(token);
      int length = API_VERSION.length + version.length + KIND.length + kindJson.length;
      length += ITEMS.length;
      for (byte[] item : items) {
        length += item.length;
      }
      length += Math.max(0, items.size() - 1); // commas
      length += tokenJson == null ? LAST.length : CONTINUE.length + tokenJson.length + 1;
      ByteBuffer body = ByteBuffer.allocate(length);
      body.put(API_VERSION).put(version).put(KIND).put(kindJson).put(ITEMS);
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          body.put((byte) ',');
        }
        body.put(items.get(i));
      }
      if (tokenJson == null) {
        body.put(LAST);
      } else {
        body.put(CONTINUE).put(tokenJson).put((byte) '}');
      }
      return body.array();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a page of " + kind + " cannot be written as JSON", e);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
