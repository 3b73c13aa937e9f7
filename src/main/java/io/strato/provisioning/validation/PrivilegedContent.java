package io.strato.provisioning.validation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A field of a spec whose content runs as root on the instances: free-form user data and bootstrap
 * template overrides. With it an operator could run anything under the node role, so only an admin
 * may set or change it, and the audit log keeps its hash (never the content, which may hold
 * secrets).
 *
 * @param field the JSON path of the field, e.g. {@code spec.nodeGroups[0].userData}
 */
public record PrivilegedContent(String field, String content) {

  public String sha256() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
