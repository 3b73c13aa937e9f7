package io.strato.provisioning.api;

import java.util.List;

/** A change that sets content only an admin may set; answered 403 naming the fields. */
public final class AdminOnlyFieldsException extends RuntimeException {

  private final List<String> fields;

  public AdminOnlyFieldsException(List<String> fields) {
    super(
        String.join(", ", fields)
            + " runs as root on the instances: only the admin role may set it");
    this.fields = List.copyOf(fields);
  }

  public List<String> fields() {
    return fields;
  }
}
