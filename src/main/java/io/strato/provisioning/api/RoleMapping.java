package io.strato.provisioning.api;

import io.strato.config.StratoConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which identity-provider groups give which Strato role. A group nobody listed gives no role: the
 * names a shared provider uses ("admin", "operator") mean nothing here unless configured.
 */
public record RoleMapping(Map<String, Set<String>> rolesByGroup) {

  public RoleMapping {
    rolesByGroup = Map.copyOf(rolesByGroup);
  }

  public static RoleMapping of(StratoConfig.Auth.RoleGroups groups) {
    return of(groups.viewer(), groups.operator(), groups.admin());
  }

  static RoleMapping of(List<String> viewer, List<String> operator, List<String> admin) {
    Map<String, Set<String>> byGroup = new HashMap<>();
    add(byGroup, viewer, Roles.VIEWER);
    add(byGroup, operator, Roles.OPERATOR);
    add(byGroup, admin, Roles.ADMIN);
    return new RoleMapping(byGroup);
  }

  private static void add(Map<String, Set<String>> byGroup, List<String> groups, String role) {
    for (String group : groups) {
      byGroup.computeIfAbsent(group.strip(), g -> new TreeSet<>()).add(role);
    }
  }

  /** The Strato roles a token with these groups holds; never a group name itself. */
  public Set<String> roles(Collection<String> groups) {
    Set<String> roles = new TreeSet<>();
    for (String group : groups) {
      roles.addAll(rolesByGroup.getOrDefault(group, Set.of()));
    }
    return roles;
  }
}
