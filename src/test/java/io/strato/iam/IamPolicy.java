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
 * statement that allows an action under some condition counts as granting it, since the question
 * here is "is the action in the policy at all". An unconditional Deny wins. Action names compare
 * case-insensitively and may use the {@code *} and {@code ?} wildcards, as in IAM.
 */
final class IamPolicy {

  private record Statement(boolean allow, boolean conditional, List<String> actions) {}

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
      List<String> actions = new ArrayList<>();
      JsonNode action = s.path("Action");
      if (action.isArray()) {
        action.forEach(a -> actions.add(a.asText()));
      } else if (action.isTextual()) {
        actions.add(action.asText());
      }
      statements.add(
          new Statement(
              "Allow".equals(s.path("Effect").asText()), s.has("Condition"), List.copyOf(actions)));
    }
    return new IamPolicy(statements);
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
