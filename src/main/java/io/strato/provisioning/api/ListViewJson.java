package io.strato.provisioning.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Writes a page of resources as JSON: the page's JSON as {@link ResourceService#list} put it
 * together from its items' renderings ({@link PageJson}), in one write with its length, rather than
 * binding and serialising every resource again or streaming the page in small chunks. A page whose
 * items were not rendered ahead goes through Jackson.
 */
@Provider
@Singleton
@Produces(MediaType.APPLICATION_JSON)
public class ListViewJson implements ServerMessageBodyWriter<ListView<?>> {

  private final ObjectMapper json;

  public ListViewJson(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return ListView.class.isAssignableFrom(type) && isJson(mediaType);
  }

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, ResteasyReactiveResourceInfo target, MediaType mediaType) {
    return ListView.class.isAssignableFrom(type) && isJson(mediaType);
  }

  /** The server's path: the bytes go to the response as they are, copied once into its buffer. */
  @Override
  public void writeResponse(ListView<?> page, Type genericType, ServerRequestContext context)
      throws IOException {
    context.serverResponse().end(bytes(page));
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
    byte[] body = bytes(page);
    headers.putSingle(HttpHeaders.CONTENT_LENGTH, body.length);
    out.write(body);
  }

  private byte[] bytes(ListView<?> page) throws IOException {
    // Jackson's writeValue would close the response stream: bytes first, then one write.
    return page.items() instanceof RenderedItems<?> rendered
        ? rendered.page()
        : json.writeValueAsBytes(page);
  }

  private static boolean isJson(MediaType mediaType) {
    return mediaType != null && mediaType.isCompatible(MediaType.APPLICATION_JSON_TYPE);
  }
}
