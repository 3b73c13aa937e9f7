package io.strato.provisioning.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A page of resources.
 *
 * @param continueToken pass as {@code ?continue=} for the next page; absent on the last page
 */
public record ListView<T>(
    String apiVersion,
    String kind,
    List<T> items,
    @JsonProperty("continue") String continueToken) {}
