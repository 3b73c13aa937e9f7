package io.strato.cloud.aws.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** Whether a registered revision already says what the spec says: no cloud needed. */
class TaskDefinitionsTest {

  private static final TaskDefinitionSpec SPEC =
      new TaskDefinitionSpec(
          "c-web", "web", "nginx:1.25", 256, 512, 80, Map.of("A", "1", "B", "2"));

  @Test
  void theSameContentMatchesWhateverTheEnvironmentOrder() {
    assertThat(TaskDefinitions.matches(SPEC, registered("nginx:1.25", 80, "B", "2", "A", "1")))
        .isTrue();
  }

  @Test
  void anyDifferenceNeedsANewRevision() {
    assertThat(TaskDefinitions.matches(SPEC, registered("nginx:1.27", 80, "A", "1", "B", "2")))
        .isFalse();
    assertThat(TaskDefinitions.matches(SPEC, registered("nginx:1.25", 81, "A", "1", "B", "2")))
        .isFalse();
    assertThat(TaskDefinitions.matches(SPEC, registered("nginx:1.25", 80, "A", "1", "B", "3")))
        .isFalse();
  }

  @Test
  void familyAndRevisionComeFromTheArn() {
    String arn = "arn:aws:ecs:us-east-1:1:task-definition/strato-shop-1a2b3c4d-web:12";
    assertThat(TaskDefinitions.familyOf(arn)).isEqualTo("strato-shop-1a2b3c4d-web");
    assertThat(TaskDefinitions.revision(arn)).isEqualTo(12);
  }

  private static TaskDefinition registered(String image, int port, String... env) {
    ContainerDefinition.Builder c =
        ContainerDefinition.builder()
            .name("web")
            .image(image)
            .cpu(256)
            .memory(512)
            .portMappings(PortMapping.builder().containerPort(port).hostPort(0).build());
    KeyValuePair[] pairs = new KeyValuePair[env.length / 2];
    for (int i = 0; i < env.length; i += 2) {
      pairs[i / 2] = KeyValuePair.builder().name(env[i]).value(env[i + 1]).build();
    }
    return TaskDefinition.builder()
        .networkMode(NetworkMode.BRIDGE)
        .containerDefinitions(c.environment(pairs).build())
        .build();
  }
}
