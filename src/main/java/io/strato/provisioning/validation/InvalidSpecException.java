package io.strato.provisioning.validation;

import java.util.List;

/** A request whose content is well-formed JSON but not acceptable; answered 422 with the fields. */
public final class InvalidSpecException extends RuntimeException {

  private final List<FieldError> errors;

  public InvalidSpecException(List<FieldError> errors) {
    super(
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid");
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
