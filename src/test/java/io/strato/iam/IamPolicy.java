package io.strato.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The actions an IAM policy document allows. Conditions and resources are not evaluated: a
 * statement that allows an action under some condition or on some resources counts as granting it,
 * since the question here is "is the action in the policy at all". An unconditional Deny wins.
 * Action names compare case-insensitively and may use the {@code *} and {@code ?} wildcards, as in
 * IAM. What the document scopes is answered apart: which actions it allows everywhere ({@link
 * #unscopedActions}) and which condition keys it uses ({@link #conditionKeys}).
 */
final class IamPolicy {

  /**
   * @param resources the Resource element as written ({@code *} for every resource)
   * @param condition the Condition element, or a missing node
   */
  record Statement(
      String sid, boolean allow, List<String> actions, List<String> resources, JsonNode condition) {

    boolean conditional() {
      return !condition.isMissingNode() && condition.size() > 0;
    }

    /** An Allow on every resource with no condition: nothing but the action limits it. */
    boolean unscoped() {
      return allow && !conditional() && resources.contains("*");
    }
  }

  private final List<Statement> statements;

  private IamPolicy(List<Statement> statements) {
    this.statements = statements;
  }

  static IamPolicy read(Path file) throws IOException {
    return parse(new ObjectMapper().readTree(file.toFile()));
  }

  static IamPolicy parse(String json) throws IOException {
    return parse(new ObjectMapper().readTree(json));
  }

  private static IamPolicy parse(JsonNode document) {
    JsonNode statementNode = document.path("Statement");
    List<JsonNode> nodes = new ArrayList<>();
    if (statementNode.isArray()) {
      statementNode.forEach(nodes::add);
    } else if (statementNode.isObject()) {
      nodes.add(statementNode);
    } else {
      throw new IllegalArgumentException("policy has no Statement");
    }
    List<Statement> statements = new ArrayList<>();
    for (JsonNode s : nodes) {
      if (s.has("NotAction")) {
        throw new IllegalArgumentException("NotAction is not supported: list actions explicitly");
      }
      if (s.has("NotResource")) {
        throw new IllegalArgumentException("NotResource is not supported: list resources");
      }
      statements.add(
          new Statement(
              s.path("Sid").asText(""),
              "Allow".equals(s.path("Effect").asText()),
              strings(s.path("Action")),
              strings(s.path("Resource")),
              s.path("Condition")));
    }
    return new IamPolicy(statements);
  }

  /** An element that IAM accepts as one string or a list of strings. */
  private static List<String> strings(JsonNode element) {
    List<String> out = new ArrayList<>();
    if (element.isArray()) {
      element.forEach(a -> out.add(a.asText()));
    } else if (element.isTextual()) {
      out.add(element.asText());
    }
    return List.copyOf(out);
  }

  List<Statement> statements() {
    return statements;
  }

  /** Actions allowed on every resource without a condition, as written, sorted. */
  SortedSet<String> unscopedActions() {
    SortedSet<String> out = new TreeSet<>();
    statements.stream().filter(Statement::unscoped).forEach(s -> out.addAll(s.actions()));
    return out;
  }

  /** Every condition key the document uses, e.g. {@code aws:RequestTag/strato.io/managed-by}. */
  SortedSet<String> conditionKeys() {
    SortedSet<String> out = new TreeSet<>();
    for (Statement s : statements) {
      s.condition().forEach(byOperator -> byOperator.fieldNames().forEachRemaining(out::add));
    }
    return out;
  }

  boolean grants(String action) {
    boolean allowed = false;
    for (Statement s : statements) {
      boolean matches = s.actions().stream().anyMatch(p -> matches(p, action));
      if (matches && !s.allow() && !s.conditional()) {
        return false;
      }
      allowed |= matches && s.allow();
    }
    return allowed;
  }

  /** The allowed action names as written (wildcards included), sorted. */
  SortedSet<String> allowedActions() {
    SortedSet<String> out = new TreeSet<>();
    statements.stream().filter(Statement::allow).forEach(s -> out.addAll(s.actions()));
    return out;
  }

  static boolean matches(String pattern, String action) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toLowerCase(Locale.ROOT).toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return action.toLowerCase(Locale.ROOT).matches(regex.toString());
  }
}
