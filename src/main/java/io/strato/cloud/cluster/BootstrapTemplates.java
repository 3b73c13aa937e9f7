package io.strato.cloud.cluster;

import io.strato.cloud.nodegroup.UserDataPayload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user data templates of a self-managed cluster: built-in kubeadm scripts, or the user's own.
 * A template is plain text with {@code ${variable}} placeholders from a fixed list; {@code $${}
 * stands for a literal {@code ${}, so a shell script can still use {@code $${VAR}}. Nothing else is
 * interpreted, so what a user writes is what the instance runs.
 */
public final class BootstrapTemplates {

  /**
   * Every variable a template may use. No secret is among them: the token and the control-plane
   * keys live in Secrets Manager, and a template names only the secrets' ARNs ({@code pkiSecretArn}
   * has a value for control-plane members only, so a worker template naming it does not render).
   */
  public static final Set<String> VARIABLES =
      Set.of(
          "clusterName",
          "kubernetesVersion",
          "kubeadmVersion",
          "apiEndpoint",
          "apiHost",
          "podCidr",
          "serviceCidr",
          "caCertHash",
          "tokenSecretArn",
          "pkiSecretArn",
          "nodeLabels",
          "nodeTaints",
          "zone",
          "controlPlaneRole",
          "kubeadmApiVersion",
          "apiServerArgs",
          "controllerManagerArgs",
          "kubeletArgs",
          "autoScalingGroup",
          "drainHook",
          "nodePackages",
          "clusterAddons",
          // etcd backups: the rendered fragments, and what they are rendered from
          "etcdBackup",
          "etcdRestore",
          "backupBucket",
          "backupPrefix",
          "backupInterval",
          "backupIntervalSeconds",
          "restoreFrom");

  /** EC2 refuses user data above 16 KiB (before base64). */
  public static final int MAX_USER_DATA_BYTES = 16 * 1024;

  /** A placeholder not preceded by the {@code $} that escapes it. */
  private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\$\\{([^}]*)}");

  private static final Pattern UNCLOSED = Pattern.compile("(?<!\\$)\\$\\{[^}]*$");

  private BootstrapTemplates() {}

  public static String controlPlaneInit() {
    return builtIn("control-plane-init.sh.tmpl");
  }

  public static String controlPlaneJoin() {
    return builtIn("control-plane-join.sh.tmpl");
  }

  public static String worker() {
    return builtIn("worker.sh.tmpl");
  }

  /**
   * A built-in fragment ({@code node-packages}, {@code cluster-addons}, {@code
   * pod-network-flannel}, {@code etcd-backup}, {@code etcd-restore}) rendered with its own values;
   * the result is the value of a variable of the full templates, so those grow by a line each and a
   * user's template can include the same fragment.
   */
  public static String fragment(String name, Map<String, String> values) {
    return fill(builtIn(name + ".sh.tmpl"), values).stripTrailing();
  }

  /**
   * What is wrong with a user's template, for the REST validator to answer 422 before any cloud
   * call: unknown variables, an unclosed placeholder, a template too large for EC2. Empty when it
   * is usable.
   */
  public static List<String> problems(String template) {
    List<String> problems = new ArrayList<>();
    if (template == null || template.isBlank()) {
      problems.add("the template is empty");
      return problems;
    }
    Set<String> unknown = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!VARIABLES.contains(m.group(1))) {
        unknown.add(m.group(1));
      }
    }
    for (String name : unknown) {
      problems.add(
          "unknown variable ${"
              + name
              + "}; known variables are "
              + new TreeSet<>(VARIABLES)
              + " (write $${ for a literal ${)");
    }
    if (template.lines().anyMatch(line -> UNCLOSED.matcher(line).find())) {
      problems.add("a ${ placeholder is not closed on its line");
    }
    if (template.getBytes(StandardCharsets.UTF_8).length > MAX_USER_DATA_BYTES - 1024) {
      problems.add(
          "the template is larger than "
              + (MAX_USER_DATA_BYTES - 1024)
              + " bytes; EC2 user data is limited to 16 KiB once rendered");
    }
    return problems;
  }

  /**
   * Fills the placeholders.
   *
   * @throws IllegalArgumentException if the template has problems or a variable has no value
   */
  public static String render(String template, Map<String, String> values) {
    List<String> problems = problems(template);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    String rendered = fill(template, values);
    // Above 16 KiB the node group sends it gzipped (cloud-init undoes that): only what does not fit
    // even then is refused.
    if (!UserDataPayload.fits(rendered)) {
      throw new IllegalArgumentException(
          "the rendered user data is larger than 16 KiB, even gzipped");
    }
    return rendered;
  }

  /**
   * Fills the placeholders and turns {@code $${} into {@code ${} in the template's own text only:
   * a value (a rendered fragment among them) is inserted as it is, never unescaped a second time.
   */
  private static String fill(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for ${" + m.group(1) + "}");
      }
      out.append(literal(template.substring(last, m.start()))).append(value);
      last = m.end();
    }
    return out.append(literal(template.substring(last))).toString();
  }

  private static String literal(String text) {
    return text.replace("$${", "${");
  }

  private static String builtIn(String name) {
    try (InputStream in = BootstrapTemplates.class.getResourceAsStream("/bootstrap/" + name)) {
      if (in == null) {
        throw new IllegalStateException("built-in template " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
