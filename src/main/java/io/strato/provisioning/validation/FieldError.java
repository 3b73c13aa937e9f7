package io.strato.provisioning.validation;

/**
 * One problem with one field of a request.
 *
 * @param field the JSON path of the field, e.g. {@code spec.listeners[1].port}
 */
public record FieldError(String field, String message) {}
