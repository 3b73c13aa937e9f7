package io.strato.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Pure functions over condition lists. */
public final class Conditions {

  private Conditions() {}

  /**
   * Returns the list with the condition of the same type replaced. The transition time moves only
   * when the status changes, so a condition rewritten every reconcile still says since when it
   * holds, and a status that did not change compares equal (no needless write).
   */
  public static List<Condition> set(List<Condition> current, Condition next, Instant now) {
    List<Condition> out = new ArrayList<>();
    boolean replaced = false;
    for (Condition c : current == null ? List.<Condition>of() : current) {
      if (c.type().equals(next.type())) {
        Instant since = c.status().equals(next.status()) ? c.lastTransitionTime() : now;
        out.add(new Condition(next.type(), next.status(), next.reason(), next.message(), since));
        replaced = true;
      } else {
        out.add(c);
      }
    }
    if (!replaced) {
      out.add(new Condition(next.type(), next.status(), next.reason(), next.message(), now));
    }
    return List.copyOf(out);
  }

  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
  }
}
