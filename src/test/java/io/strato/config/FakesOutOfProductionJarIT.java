package io.strato.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged application carries no test fake: no class of Strato's named {@code Fake*} (the GKE
 * fake serves dev mode and the tests only), and not the gRPC server stubs the fake extends. Run by
 * failsafe after {@code package}, as it reads {@code target/quarkus-app}.
 */
class FakesOutOfProductionJarIT {

  static final Path APP = Path.of("target/quarkus-app").toAbsolutePath();

  @Test
  void noStratoClassNamedFakeIsPackaged() throws IOException {
    List<String> strato = stratoClasses();
    // The check is only as good as the listing: the packaged app must hold Strato's own classes.
    assertThat(strato).contains("io/strato/wiring/GcpProducers.class");
    assertThat(strato)
        .as(
            "test fakes in %s: keep them out with quarkus.package.jar.user-configured-ignored-entries"
                + " (application.properties)",
            APP)
        .noneMatch(FakesOutOfProductionJarIT::namedFake);
  }

  @Test
  void theGrpcServerStubsOfTheFakeAreNotPackaged() throws IOException {
    try (Stream<Path> lib = Files.walk(APP.resolve("lib"))) {
      assertThat(lib.map(p -> p.getFileName().toString()))
          .isNotEmpty()
          .noneMatch(name -> name.contains("grpc-google-cloud-container-v1"));
    }
  }

  static boolean namedFake(String entry) {
    String simple = entry.substring(entry.lastIndexOf('/') + 1);
    return simple.startsWith("Fake") && simple.endsWith(".class");
  }

  private static List<String> stratoClasses() throws IOException {
    assertThat(APP.resolve("quarkus-run.jar"))
        .as("package first: ./mvnw -B -o package -DskipTests")
        .exists();
    List<String> entries = new ArrayList<>();
    List<Path> jars;
    try (Stream<Path> all = Files.walk(APP)) {
      jars = all.filter(p -> p.toString().endsWith(".jar")).toList();
    }
    for (Path jar : jars) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        zip.stream()
            .map(e -> e.getName())
            .filter(name -> name.startsWith("io/strato/") && name.endsWith(".class"))
            .forEach(entries::add);
      }
    }
    return entries;
  }
}
