package io.strato.reliability;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provisioning REST API as a user reaches it, with tokens signed by a key made for the
 * campaign: the services trust its public half ({@link #publicKey()}), so any replica answers.
 */
final class ProvisioningClient {

  private static final Pattern PHASE = Pattern.compile("\"phase\"\\s*:\\s*\"(\\w+)\"");

  private final HttpClient http = HttpClient.newHttpClient();
  private final Path publicKey;
  private final String operator;
  private final String viewer;

  ProvisioningClient(Path work) throws IOException, NoSuchAlgorithmException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair pair = gen.generateKeyPair();
    publicKey = work.resolve("public.pem");
    Files.writeString(
        publicKey,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    operator = token(pair, "operator");
    viewer = token(pair, "viewer");
  }

  /** For {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}. */
  Path publicKey() {
    return publicKey;
  }

  HttpResponse<String> put(URI base, String path, String body)
      throws IOException, InterruptedException {
    return send(base, "PUT", path, body);
  }

  HttpResponse<String> delete(URI base, String path) throws IOException, InterruptedException {
    return send(base, "DELETE", path, null);
  }

  /** The resource's phase, or {@code Gone} once the API no longer knows it. */
  String phase(URI base, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = send(base, "GET", path, null);
    if (r.statusCode() == 404) {
      return "Gone";
    }
    Matcher m = PHASE.matcher(r.body());
    return m.find() ? m.group(1) : "?";
  }

  private HttpResponse<String> send(URI base, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + (method.equals("GET") ? viewer : operator))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String token(KeyPair pair, String group) {
    return Jwt.issuer("strato")
        .audience("strato")
        .upn("reliability-campaign")
        .groups(Set.of(group))
        .expiresIn(Duration.ofHours(2))
        .sign(pair.getPrivate());
  }
}
