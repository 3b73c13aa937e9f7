package io.strato.cloud;

/**
 * The answer of an "ensure deleted" call. {@link #GONE} means nothing of it is left in the cloud
 * (absent is success); {@link #IN_PROGRESS} means a step was taken or is still running and the
 * caller should look again later instead of waiting.
 */
public enum Deletion {
  GONE,
  IN_PROGRESS
}
