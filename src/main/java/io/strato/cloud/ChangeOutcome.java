package io.strato.cloud;

/** What an "ensure" call did, so that logs, events and tests can say it (Strimzi's habit). */
public enum ChangeOutcome {
  CREATED,
  UPDATED,
  UNCHANGED;

  /** Combines the outcomes of the parts of one resource: any creation wins, then any update. */
  public ChangeOutcome and(ChangeOutcome other) {
    if (this == CREATED || other == CREATED) {
      return CREATED;
    }
    if (this == UPDATED || other == UPDATED) {
      return UPDATED;
    }
    return UNCHANGED;
  }
}
