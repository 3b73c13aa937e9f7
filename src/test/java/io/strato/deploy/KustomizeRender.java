package io.strato.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A kustomize base as {@code kubectl kustomize} renders it: what CI renders and what {@code kubectl
 * apply -k} would send, components and image substitutions included. Without kubectl the test is
 * skipped, except under CI, where .ci/run has already required it.
 */
record KustomizeRender(List<HasMetadata> objects) {

  static KustomizeRender of(String dir) throws IOException, InterruptedException {
    Path out = Files.createTempFile("kustomize-", ".yaml");
    Path err = Files.createTempFile("kustomize-", ".err");
    try {
      Process p;
      try {
        p =
            new ProcessBuilder("kubectl", "kustomize", dir)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
      } catch (IOException noKubectl) {
        if ("true".equals(System.getenv("CI"))) {
          throw noKubectl;
        }
        Assumptions.abort("kubectl is not installed: " + noKubectl.getMessage());
        throw noKubectl;
      }
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize %s finished", dir).isTrue();
      assertThat(p.exitValue()).as(Files.readString(err)).isZero();
      String yaml = Files.readString(out, StandardCharsets.UTF_8);
      List<HasMetadata> objects =
          Arrays.stream(yaml.split("(?m)^---$"))
              .filter(doc -> !doc.isBlank())
              .map(doc -> (HasMetadata) Serialization.unmarshal(doc))
              .toList();
      return new KustomizeRender(objects);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    assertThat(found).as("one %s", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  Deployment deployment() {
    return one(Deployment.class);
  }
}
