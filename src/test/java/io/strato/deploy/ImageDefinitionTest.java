package io.strato.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The image is defined twice (the Dockerfile, and jib's settings) and run by two manifests: all
 * four must agree on the version, the user, the layout, the entrypoint and the JVM flags, so that
 * what the benchmarks measured and the manifests promise is what the image does.
 */
class ImageDefinitionTest {

  static final String IMAGE_NAME = "registry.example.com/strato";
  static final String ARCHIVE = "/deployments/app.aot";
  static final String ARCHIVE_FLAG = "-XX:AOTCache=" + ARCHIVE;

  /** The pom's own version, read from pom.xml. */
  static String pomVersion() throws Exception {
    var pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile());
    for (Node n = pom.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals("version")) {
        return e.getTextContent().trim();
      }
    }
    throw new AssertionError("pom.xml has no <version>");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> sharedImage() throws Exception {
    try (InputStream in = Files.newInputStream(Path.of("providers/image/kustomization.yaml"))) {
      List<Map<String, Object>> images =
          (List<Map<String, Object>>) Serialization.unmarshal(in, Map.class).get("images");
      assertThat(images).hasSize(1);
      return images.get(0);
    }
  }

  static Deployment deployment(String file) throws Exception {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return Serialization.unmarshal(in, Deployment.class);
    }
  }

  static Map<String, String> env(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void theVersionIsThePomsAndTheManifestsTagIsTheSame() throws Exception {
    String version = pomVersion();
    assertThat(version).as("a release version 0.x.y").matches("0\\.\\d+\\.\\d+");
    Map<String, Object> image = sharedImage();
    assertThat(image)
        .containsEntry("name", "strato")
        .containsEntry("newName", IMAGE_NAME)
        .containsEntry("newTag", version);
    // Jib tags with the application version, which is the pom's.
    assertThat(ImageDefinition.applicationProperties().getProperty("quarkus.container-image.image"))
        .isEqualTo(IMAGE_NAME + ":${quarkus.application.version}");
  }

  @Test
  void theDockerfileAndJibBuildTheSameImage() throws Exception {
    ImageDefinition dockerfile = ImageDefinition.dockerfile();
    ImageDefinition jib = ImageDefinition.jib();
    assertThat(dockerfile.base())
        .startsWith("registry.access.redhat.com/ubi9/openjdk-25-runtime:")
        .isEqualTo(jib.base());
    assertThat(dockerfile.user()).isEqualTo("185").isEqualTo(jib.user());
    assertThat(dockerfile.workdir()).isEqualTo("/deployments").isEqualTo(jib.workdir());
    // The one difference: jib cannot run the training step, so its image has no ahead-of-time
    // cache, and a flag naming a missing cache would only log a warning at every start.
    assertThat(dockerfile.entrypoint().stream().filter(a -> !a.equals(ARCHIVE_FLAG)))
        .containsExactlyElementsOf(jib.entrypoint())
        .endsWith("-jar", "/deployments/quarkus-run.jar");
    assertThat(dockerfile.ports())
        .containsExactlyElementsOf(jib.ports())
        .containsExactly(8080, 9000);
    assertThat(dockerfile.env()).isEqualTo(jib.env());
    // The fast-jar layout: each part of target/quarkus-app its own layer. Jib lays out an aot-jar
    // (the packaging the image's ahead-of-time cache wants) as a fast-jar, and no other type so.
    assertThat(dockerfile.copies()).isEqualTo(jib.copies());
    assertThat(ImageDefinition.applicationProperties().getProperty("quarkus.package.jar.type"))
        .isIn(null, "fast-jar", "aot-jar");
  }

  /**
   * The ahead-of-time cache only maps for the JDK and the class path it was made with: the image
   * build makes it with the image's own java and the entrypoint's class path, and refuses an
   * unusable one.
   */
  @Test
  void theImageBuildTrainsTheAheadOfTimeCacheTheEntrypointMaps() throws Exception {
    ImageDefinition image = ImageDefinition.dockerfile();
    assertThat(image.entrypoint()).startsWith("java", ARCHIVE_FLAG);
    List<String> classPath =
        image.entrypoint().subList(image.entrypoint().indexOf("-jar"), image.entrypoint().size());
    assertThat(image.runs()).hasSize(2);
    List<String> training = image.runs().get(0);
    assertThat(training)
        .startsWith("java", "-XX:AOTCacheOutput=" + ARCHIVE)
        .contains("-Dio.strato.cds.training=true")
        .endsWith(classPath.toArray(String[]::new));
    // Training runs on an H2 file store, as a deployment does, under /tmp, which ArchiveTraining
    // removes when it exits: the image keeps no state; no store URL replaces the default store.
    assertThat(training)
        .contains("-Dstrato.data-dir=/tmp/strato-aot-training")
        .noneMatch(a -> a.startsWith("-Dstrato.store.url="));
    List<String> check = image.runs().get(1);
    assertThat(check)
        .startsWith("java", "-XX:AOTMode=on", ARCHIVE_FLAG, "-cp", "/deployments/quarkus-run.jar");
  }

  @Test
  void theImageRunsWithTheManifestsUserAndJvm() throws Exception {
    ImageDefinition image = ImageDefinition.dockerfile();
    for (String file :
        List.of("providers/aws/deployment.yaml", "providers/provisioning/deployment.yaml")) {
      Deployment d = deployment(file);
      assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
          .as(file)
          .hasToString(image.user());
      Map<String, String> env = env(d);
      assertThat(env.get("JAVA_TOOL_OPTIONS"))
          .as(file)
          .isEqualTo(image.env().get("JAVA_TOOL_OPTIONS"));
      assertThat(env.get("MALLOC_ARENA_MAX"))
          .as(file)
          .isEqualTo(image.env().get("MALLOC_ARENA_MAX"));
    }
  }
}
