package io.strato.cloud.aws.eks;

/**
 * A Kubernetes taint in EKS's spelling.
 *
 * @param effect NO_SCHEDULE, PREFER_NO_SCHEDULE or NO_EXECUTE
 */
public record EksTaint(String key, String value, String effect) {

  /** EKS identifies a taint by key and effect; the value is what an update changes. */
  public String identity() {
    return key + ":" + effect;
  }
}
