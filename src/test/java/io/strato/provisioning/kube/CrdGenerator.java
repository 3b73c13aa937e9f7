package io.strato.provisioning.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Writes the CRD of a {@link CustomKind} from the REST spec record of the same kind: the fields,
 * their types, which are required and the ranges the REST OpenAPI document states, read from the
 * same {@code @Schema} annotations, so the two front doors cannot drift apart. Test code: the
 * generated YAML is checked in under providers/kubernetes-api/crds and {@link CrdFilesTest} fails
 * when it differs from what this writes.
 */
final class CrdGenerator {

  static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  private CrdGenerator() {}

  static String yaml(CustomKind kind, Class<?> specType) throws Exception {
    return "# Generated from "
        + specType.getName()
        + " by CrdGenerator (src/test): do not edit.\n"
        + "# Regenerate: ./mvnw -B -o test -Dtest=CrdFilesTest -Dstrato.crd.write=true\n"
        + YAML.writeValueAsString(crd(kind, specType));
  }

  static Map<String, Object> crd(CustomKind kind, Class<?> specType) {
    Map<String, Object> names = new LinkedHashMap<>();
    names.put("kind", kind.kind());
    names.put("listKind", kind.kind() + "List");
    names.put("plural", kind.plural());
    names.put("singular", kind.singular());
    names.put("shortNames", kind.shortNames());
    names.put("categories", List.of("strato"));

    Map<String, Object> root = object();
    props(root).put("apiVersion", ordered("type", "string"));
    props(root).put("kind", ordered("type", "string"));
    props(root).put("metadata", ordered("type", "object"));
    Map<String, Object> spec = schema(specType);
    spec.put(
        "description",
        "The same spec as the REST API's " + kind.kind() + " (docs/api.md), checked the same way");
    props(root).put("spec", spec);
    props(root).put("status", status());
    root.put("required", List.of("spec"));

    Map<String, Object> version = new LinkedHashMap<>();
    version.put("name", CustomKind.VERSION);
    version.put("served", true);
    version.put("storage", true);
    version.put("subresources", ordered("status", ordered()));
    version.put(
        "additionalPrinterColumns",
        List.of(
            column("Phase", "string", ".status.phase"),
            column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
            column("Age", "date", ".metadata.creationTimestamp")));
    version.put("schema", ordered("openAPIV3Schema", root));

    Map<String, Object> crdSpec = new LinkedHashMap<>();
    crdSpec.put("group", CustomKind.GROUP);
    crdSpec.put("scope", "Namespaced");
    crdSpec.put("names", names);
    crdSpec.put("versions", List.of(version));

    Map<String, Object> crd = new LinkedHashMap<>();
    crd.put("apiVersion", "apiextensions.k8s.io/v1");
    crd.put("kind", "CustomResourceDefinition");
    crd.put(
        "metadata",
        ordered("name", kind.crdName(), "labels", ordered("app.kubernetes.io/part-of", "strato")));
    crd.put("spec", crdSpec);
    return crd;
  }

  private static Map<String, Object> column(String name, String type, String path) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("type", type);
    c.put("jsonPath", path);
    return c;
  }

  /** What Strato writes back: see CustomResourceStatus. Outputs differ per kind and provider. */
  private static Map<String, Object> status() {
    Map<String, Object> condition = object();
    props(condition).put("type", ordered("type", "string"));
    props(condition).put("status", ordered("type", "string"));
    props(condition).put("reason", ordered("type", "string"));
    props(condition).put("message", ordered("type", "string"));
    props(condition).put("lastTransitionTime", ordered("type", "string", "format", "date-time"));
    condition.put("required", List.of("type", "status"));

    Map<String, Object> status = object();
    status.put("description", "Written by Strato from its store; never by users");
    props(status).put("phase", ordered("type", "string"));
    props(status).put("observedGeneration", ordered("type", "integer", "format", "int64"));
    props(status)
        .put(
            "storedName",
            ordered("type", "string", "description", "The name in Strato's store and REST API"));
    Map<String, Object> conditions = new LinkedHashMap<>();
    conditions.put("type", "array");
    conditions.put("items", condition);
    conditions.put("x-kubernetes-list-type", "map");
    conditions.put("x-kubernetes-list-map-keys", List.of("type"));
    props(status).put("conditions", conditions);
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("type", "object");
    outputs.put("x-kubernetes-preserve-unknown-fields", true);
    props(status).put("outputs", outputs);
    return status;
  }

  static Map<String, Object> schema(Type type) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (List.class.isAssignableFrom(raw)) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "array");
        s.put("items", schema(p.getActualTypeArguments()[0]));
        return s;
      }
      if (Map.class.isAssignableFrom(raw)) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("additionalProperties", schema(p.getActualTypeArguments()[1]));
        return s;
      }
      throw new IllegalArgumentException("no schema for " + type);
    }
    Class<?> c = (Class<?>) type;
    Map<String, Object> s = new LinkedHashMap<>();
    if (c == String.class) {
      s.put("type", "string");
    } else if (c == Integer.class || c == int.class) {
      s.put("type", "integer");
      s.put("format", "int32");
    } else if (c == Long.class || c == long.class) {
      s.put("type", "integer");
      s.put("format", "int64");
    } else if (c == Double.class || c == double.class) {
      s.put("type", "number");
    } else if (c == Boolean.class || c == boolean.class) {
      s.put("type", "boolean");
    } else if (c.isEnum()) {
      s.put("type", "string");
      List<String> values = new ArrayList<>();
      for (Object constant : c.getEnumConstants()) {
        values.add(constant.toString());
      }
      s.put("enum", values);
    } else if (JsonNode.class.isAssignableFrom(c) || c == Object.class) {
      s.put("x-kubernetes-preserve-unknown-fields", true);
    } else if (c.isRecord()) {
      return record(c);
    } else {
      throw new IllegalArgumentException("no schema for " + c);
    }
    return s;
  }

  private static Map<String, Object> record(Class<?> type) {
    Map<String, Object> s = object();
    Schema typeDoc = type.getAnnotation(Schema.class);
    if (typeDoc != null && !typeDoc.description().isEmpty()) {
      s.put("description", typeDoc.description());
    }
    List<String> required = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      Map<String, Object> field = schema(component.getGenericType());
      // @Schema does not target record components: Java puts it on the accessor (and field).
      Schema doc = component.getAccessor().getAnnotation(Schema.class);
      if (doc != null) {
        if (!doc.description().isEmpty()) {
          field.put("description", doc.description());
        }
        if (!doc.minimum().isEmpty()) {
          field.put("minimum", Long.parseLong(doc.minimum()));
        }
        if (!doc.maximum().isEmpty()) {
          field.put("maximum", Long.parseLong(doc.maximum()));
        }
        if (doc.required()) {
          required.add(component.getName());
        }
      }
      props(s).put(component.getName(), field);
    }
    if (!required.isEmpty()) {
      s.put("required", required);
    }
    return s;
  }

  /** A map in the order given: Map.of's order changes from run to run, and the file must not. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static Map<String, Object> object() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", new LinkedHashMap<String, Object>());
    return s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> props(Map<String, Object> schema) {
    return (Map<String, Object>) schema.get("properties");
  }
}
