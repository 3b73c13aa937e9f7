package io.strato.cloud.inventory;

/** What the sweeper can find left behind; the tag value names it in metrics. */
public enum OrphanKind {
  LOAD_BALANCER("load-balancer"),
  TARGET_GROUP("target-group"),
  SECURITY_GROUP("security-group");

  private final String tag;

  OrphanKind(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }
}
