package io.strato.provisioning;

import io.strato.provisioning.validation.FieldError;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What the generic REST and store code needs to know about one kind of resource.
 *
 * @param name the kind as it appears in responses and store rows, e.g. {@code LoadBalancer}
 * @param validator checks a spec for a resource name and answers every field error at once
 */
public record ResourceKind<S, O>(
    String name,
    Class<S> specType,
    Class<O> outputsType,
    BiFunction<String, S, List<FieldError>> validator) {

  public static final String API_VERSION = "strato.io/v1";
}
