package io.strato.console;

import io.quarkus.runtime.LaunchMode;
import io.strato.config.StratoConfig;
import io.strato.provisioning.api.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /console/dev-token}: in dev mode, hands the console the admin token that {@code
 * DevTokenIssuer} wrote to the data directory, so a developer signs in with one click instead of
 * copying it from a file. {@code HEAD} says whether it is offered, {@code GET} gives it.
 *
 * <p>Guarded because it is a credential given without one: only while the dev token is on in a
 * non-production launch mode (the packaged jar never offers it, even with the dev-only override),
 * only to a client on this machine (loopback address), only under a loopback host name (a page on
 * another site that rebinds its DNS name to 127.0.0.1 sends its own name as Host), and only with
 * the console's own header, which a cross-origin page cannot add without a CORS preflight that
 * Strato does not grant.
 */
@Path("/console/dev-token")
@PermitAll
public class DevTokenOffer {

  static final String HEADER = "X-Strato-Console";
  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private final boolean devTokenOn;
  private final java.nio.file.Path file;

  @Inject
  public DevTokenOffer(StratoConfig config) {
    this.devTokenOn = config.auth().devToken() && LaunchMode.current() != LaunchMode.NORMAL;
    this.file = java.nio.file.Path.of(config.dataDir()).resolve("dev-token");
  }

  @HEAD
  @Operation(hidden = true)
  public Response offered(@Context HttpServerRequest request) {
    return mayOffer(request) && Files.isReadable(file)
        ? noStore(Response.noContent())
        : notOffered();
  }

  @GET
  @Operation(hidden = true)
  @Produces(MediaType.APPLICATION_JSON)
  public Response token(@Context HttpServerRequest request) throws IOException {
    if (!mayOffer(request) || !Files.isReadable(file)) {
      return notOffered();
    }
    return noStore(Response.ok(Map.of("token", Files.readString(file).strip())));
  }

  private boolean mayOffer(HttpServerRequest request) {
    return devTokenOn
        && request.getHeader(HEADER) != null
        && request.remoteAddress() != null
        && isLoopback(request.remoteAddress().hostAddress())
        && LOOPBACK_HOSTS.contains(hostName(request.getHeader("Host")));
  }

  private static boolean isLoopback(String address) {
    try {
      return java.net.InetAddress.getByName(address).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** The Host header without its port ({@code [::1]:8080} keeps its brackets). */
  static String hostName(String host) {
    if (host == null) {
      return "";
    }
    int colon = host.lastIndexOf(':');
    boolean port = colon > host.lastIndexOf(']');
    return (port ? host.substring(0, colon) : host).toLowerCase(java.util.Locale.ROOT);
  }

  private static Response notOffered() {
    return Problem.of(
            404, "Not Found", "the dev token is offered only in dev mode, on this machine")
        .toResponse();
  }

  private static Response noStore(Response.ResponseBuilder response) {
    CacheControl cache = new CacheControl();
    cache.setNoStore(true);
    return response.cacheControl(cache).build();
  }
}
