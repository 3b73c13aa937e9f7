package io.strato.provisioning.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a page of resources as JSON, copying each item's rendered bytes into the response instead
 * of binding and serialising every resource again: a list of 50 then costs about what one GET does.
 * The envelope is the one Jackson gives {@link ListView} (fields in record order, no {@code
 * continue} on the last page, as nulls are left out everywhere); a page whose items were not
 * rendered ahead goes through Jackson as before.
 */
@Provider
@Singleton
@Produces(MediaType.APPLICATION_JSON)
public class ListViewJson implements MessageBodyWriter<ListView<?>> {

  private static final byte[] API_VERSION = ascii("{\"apiVersion\":");
  private static final byte[] KIND = ascii(",\"kind\":");
  private static final byte[] ITEMS = ascii(",\"items\":[");
  private static final byte[] CONTINUE = ascii("],\"continue\":");
  private static final byte[] LAST = ascii("]}");

  private final ObjectMapper json;

  public ListViewJson(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return ListView.class.isAssignableFrom(type)
        && mediaType != null
        && mediaType.isCompatible(MediaType.APPLICATION_JSON_TYPE);
  }

  @Override
  public void writeTo(
      ListView<?> page,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, Object> headers,
      OutputStream out)
      throws IOException {
    if (!(page.items() instanceof RenderedItems<?> rendered)) {
      // Jackson's writeValue would close the response stream.
      out.write(json.writeValueAsBytes(page));
      return;
    }
    byte[] apiVersion = json.writeValueAsBytes(page.apiVersion());
    byte[] kind = json.writeValueAsBytes(page.kind());
    byte[] token =
        page.continueToken() == null ? null : json.writeValueAsBytes(page.continueToken());
    List<byte[]> items = rendered.json();
    int length = API_VERSION.length + apiVersion.length + KIND.length + kind.length + ITEMS.length;
    for (byte[] item : items) {
      length += item.length;
    }
    length += Math.max(0, items.size() - 1); // commas
    length += token == null ? LAST.length : CONTINUE.length + token.length + 1;
    // One array and one write with its length: the answer goes out in one piece rather than as
    // a chunked stream of a hundred small writes.
    ByteBuffer body = ByteBuffer.allocate(length);
    body.put(API_VERSION).put(apiVersion).put(KIND).put(kind).put(ITEMS);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        body.put((byte) ',');
      }
      body.put(items.get(i));
    }
    if (token == null) {
      body.put(LAST);
    } else {
      body.put(CONTINUE).put(token).put((byte) '}');
    }
    headers.putSingle(HttpHeaders.CONTENT_LENGTH, length);
    out.write(body.array());
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
