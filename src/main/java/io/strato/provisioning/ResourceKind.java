package io.strato.provisioning;

import io.strato.provisioning.validation.FieldError;
import io.strato.provisioning.validation.IamReference;
import io.strato.provisioning.validation.PrivilegedContent;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the generic REST and store code needs to know about one kind of resource.
 *
 * @param name the kind as it appears in responses and store rows, e.g. {@code LoadBalancer}
 * @param validator checks a spec for a resource name and answers every field error at once
 * @param iamReferences the spec's fields that name an IAM role or instance profile
 * @param privileged the spec's fields whose content runs on instances (admin only)
 */
public record ResourceKind<S, O>(
    String name,
    Class<S> specType,
    Class<O> outputsType,
    BiFunction<String, S, List<FieldError>> validator,
    Function<S, List<IamReference>> iamReferences,
    Function<S, List<PrivilegedContent>> privileged) {

  public static final String API_VERSION = "strato.io/v1";
}
