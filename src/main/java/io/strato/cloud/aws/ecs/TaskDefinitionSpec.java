package io.strato.cloud.aws.ecs;

import java.util.Map;
import java.util.TreeMap;

/**
 * A one-container task definition Strato registers for a service declared inline. Bridge networking
 * with a dynamic host port lets several tasks of the service share an instance behind a target
 * group.
 *
 * @param port the container port, or null when nothing connects to it
 */
public record TaskDefinitionSpec(
    String family,
    String containerName,
    String image,
    int cpu,
    int memory,
    Integer port,
    Map<String, String> environment) {

  public static final String NETWORK_MODE = "bridge";

  public TaskDefinitionSpec {
    // Sorted, so the content compares equal however the spec's map was ordered.
    environment = environment == null ? Map.of() : new TreeMap<>(environment);
  }
}
