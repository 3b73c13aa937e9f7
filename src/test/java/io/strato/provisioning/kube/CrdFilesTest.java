package io.strato.provisioning.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.provisioning.Kinds;
import io.strato.provisioning.ResourceKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checked-in CRDs are exactly what {@link CrdGenerator} writes from the REST spec types: one
 * source of truth for fields and validation. When a spec type changes, regenerate them with {@code
 * -Dstrato.crd.write=true} and commit the result.
 */
class CrdFilesTest {

  static final Path DIR = Path.of("providers/kubernetes-api/crds");

  static final Map<CustomKind, ResourceKind<?, ?>> KINDS =
      Map.of(
          CustomKind.CLUSTER, Kinds.CLUSTER,
          CustomKind.LOAD_BALANCER, Kinds.LOAD_BALANCER,
          CustomKind.NODE_GROUP, Kinds.NODE_GROUP);

  static Path file(CustomKind kind) {
    return DIR.resolve(kind.crdName() + ".yaml");
  }

  @Test
  void theCheckedInCrdsAreWhatTheSpecTypesGenerate() throws Exception {
    boolean write = Boolean.getBoolean("strato.crd.write");
    for (CustomKind kind : CustomKind.ALL) {
      String generated = CrdGenerator.yaml(kind, KINDS.get(kind).specType());
      Path file = file(kind);
      if (write) {
        Files.createDirectories(DIR);
        Files.writeString(file, generated, StandardCharsets.UTF_8);
      }
      assertThat(Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "")
          .as(
              "%s differs from what the spec type generates: run ./mvnw -B -o test"
                  + " -Dtest=CrdFilesTest -Dstrato.crd.write=true and commit it",
              file)
          .isEqualTo(generated);
    }
  }

  @Test
  void eachCrdHasTheStatusSubresourcePrinterColumnsAndShortNames() throws Exception {
    for (CustomKind kind : CustomKind.ALL) {
      JsonNode crd = CrdGenerator.YAML.readTree(file(kind).toFile());
      JsonNode version = crd.at("/spec/versions/0");
      assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
      assertThat(crd.at("/spec/names/shortNames/0").asText()).startsWith("s");
      assertThat(version.at("/subresources/status").isObject()).isTrue();
      assertThat(version.get("additionalPrinterColumns").findValuesAsText("name"))
          .containsExactly("Phase", "Ready", "Age");
      assertThat(version.at("/schema/openAPIV3Schema/required/0").asText()).isEqualTo("spec");
    }
  }

  @Test
  void theSchemaCarriesTheRestRulesItCanSay() throws Exception {
    JsonNode lb =
        CrdGenerator.YAML
            .readTree(file(CustomKind.LOAD_BALANCER).toFile())
            .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    assertThat(lb.at("/required/0").asText()).isEqualTo("listeners");
    JsonNode port = lb.at("/properties/listeners/items/properties/port");
    assertThat(port.get("type").asText()).isEqualTo("integer");
    assertThat(port.get("minimum").asLong()).isEqualTo(1);
    assertThat(port.get("maximum").asLong()).isEqualTo(65535);
    JsonNode nodeGroup =
        CrdGenerator.YAML
            .readTree(file(CustomKind.NODE_GROUP).toFile())
            .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    assertThat(nodeGroup.get("required").toString())
        .contains("imageId", "instanceType", "subnetIds", "minSize", "maxSize");
  }

  /**
   * The API server refuses a CRD whose schema is not structural, and the mock API does not check:
   * every schema node has a type (or explicitly keeps unknown fields), and no node is null.
   */
  @Test
  void everySchemaIsStructural() throws Exception {
    for (CustomKind kind : CustomKind.ALL) {
      JsonNode root =
          CrdGenerator.YAML
              .readTree(file(kind).toFile())
              .at("/spec/versions/0/schema/openAPIV3Schema");
      assertStructural(root, kind.crdName());
    }
  }

  private static void assertStructural(JsonNode schema, String where) {
    assertThat(
            schema.has("type") || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean())
        .as("%s has a type", where)
        .isTrue();
    schema
        .path("properties")
        .fields()
        .forEachRemaining(f -> assertStructural(f.getValue(), where + "." + f.getKey()));
    if (schema.has("items")) {
      assertStructural(schema.get("items"), where + "[]");
    }
    if (schema.path("additionalProperties").isObject()) {
      assertStructural(schema.get("additionalProperties"), where + "{}");
    }
  }
}
