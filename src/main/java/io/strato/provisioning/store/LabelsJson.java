package io.strato.provisioning.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/** Labels as the {@code labels} column keeps them: a JSON object with its keys sorted. */
final class LabelsJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  private LabelsJson() {}

  // Sorted so the same labels always give the same text, whichever map the caller built.
  static String write(Map<String, String> labels) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(labels));
    } catch (JsonProcessingException e) {
      throw new StoreFailure("cannot write labels as JSON", e);
    }
  }

  static Map<String, String> read(String json) {
    try {
      return JSON.readValue(json, LABELS);
    } catch (JsonProcessingException e) {
      throw new StoreFailure("the labels column holds invalid JSON: " + json, e);
    }
  }
}
