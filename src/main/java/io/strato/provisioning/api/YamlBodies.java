package io.strato.provisioning.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Specs as YAML files: a PUT body in {@code application/yaml}, and any answer in YAML when the
 * client asks for it with {@code Accept: application/yaml}.
 *
 * <p>YAML is only the syntax. The document is read into a tree and then bound by the same strict
 * JSON mapper as a JSON body, so a YAML spec meets exactly the JSON rules (unknown fields, {@code
 * "80"} for a number, a key given twice) and its errors name the same fields. Answers are turned
 * into a tree by that mapper too, so YAML shows the same fields as JSON and a GET's YAML can be
 * edited and PUT back. Anchors and aliases are limited (SnakeYAML's defaults refuse the "billion
 * laughs" document), and a file with a second document is refused rather than half applied.
 */
@Provider
@Singleton
@Consumes({YamlBodies.MEDIA_TYPE, "application/x-yaml", "text/yaml"})
@Produces(YamlBodies.MEDIA_TYPE)
public class YamlBodies implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

  public static final String MEDIA_TYPE = "application/yaml";

  private static final int MAX_ALIASES = 20;
  private static final int MAX_NESTING = 64;

  private final ObjectMapper json;
  private final YAMLMapper yaml;

  public YamlBodies(ObjectMapper json) {
    this.json = json;
    LoaderOptions limits = new LoaderOptions();
    limits.setMaxAliasesForCollections(MAX_ALIASES);
    limits.setNestingDepthLimit(MAX_NESTING);
    limits.setAllowDuplicateKeys(false);
    this.yaml =
        new YAMLMapper(
            YAMLFactory.builder()
                .loaderOptions(limits)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .build());
    this.yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return isYaml(mediaType);
  }

  @Override
  public Object readFrom(
      Class<Object> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> headers,
      InputStream body)
      throws IOException {
    JsonNode tree;
    try (JsonParser parser = yaml.createParser(body)) {
      tree = yaml.readTree(parser);
      if (tree == null || tree.isMissingNode()) {
        throw new Refused(parser, "the body is empty");
      }
      if (parser.nextToken() != null && parser.currentToken() != JsonToken.NOT_AVAILABLE) {
        throw new Refused(parser, "the body holds more than one YAML document; send one");
      }
    }
    return json.readerFor(json.constructType(genericType)).readValue(json.treeAsTokens(tree));
  }

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return isYaml(mediaType);
  }

  @Override
  public void writeTo(
      Object value,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, Object> headers,
      OutputStream out)
      throws IOException {
    yaml.writeValue(out, json.valueToTree(value));
  }

  /** A YAML body refused as a whole, with a message meant for the client. */
  static final class Refused extends JsonParseException {
    Refused(JsonParser parser, String message) {
      super(parser, message);
    }
  }

  private static boolean isYaml(MediaType mediaType) {
    return mediaType != null
        && (mediaType.getSubtype().equals("yaml") || mediaType.getSubtype().equals("x-yaml"));
  }
}
