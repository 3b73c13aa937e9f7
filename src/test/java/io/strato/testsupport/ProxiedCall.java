package io.strato.testsupport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One AWS call as it crossed the {@link FaultProxy}: what the client really put on the wire.
 *
 * @param number counts from 1 since the proxy's script was last reset
 * @param service the SigV4 signing service ({@code ec2}, {@code eks}, ...)
 * @param action the operation for the query and JSON protocols; empty for REST ones (EKS), which a
 *     test matches by method and path instead
 * @param headers case-insensitive
 */
public record ProxiedCall(
    int number,
    String method,
    String path,
    String service,
    String action,
    Map<String, List<String>> headers,
    byte[] body) {

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** A parameter of a form-encoded (query protocol) body, or null. */
  public String param(String name) {
    for (String pair : text().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Calls of one query or JSON protocol operation, e.g. {@code CreateAutoScalingGroup}. */
  public static Predicate<ProxiedCall> action(String action) {
    return call -> call.action().equals(action);
  }

  /** Calls of one REST operation, e.g. {@code ("POST", "/clusters/[^/]+/update-config")}. */
  public static Predicate<ProxiedCall> rest(String method, String pathRegex) {
    Pattern path = Pattern.compile(pathRegex);
    return call -> call.method().equals(method) && path.matcher(call.path()).matches();
  }
}
