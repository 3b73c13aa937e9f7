package io.strato.provisioning.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects field errors while a validator walks a spec. Validators report every problem at once, so
 * a user fixes a request in one round trip, not one error at a time.
 */
public final class Validation {

  private final List<FieldError> errors = new ArrayList<>();

  public Validation fail(String field, String message) {
    errors.add(new FieldError(field, message));
    return this;
  }

  /** Records the error when the condition does not hold; answers the condition. */
  public boolean check(boolean ok, String field, String message) {
    if (!ok) {
      fail(field, message);
    }
    return ok;
  }

  public boolean require(Object value, String field) {
    return check(value != null, field, "is required");
  }

  public boolean range(Integer value, int min, int max, String field) {
    return value == null
        || check(value >= min && value <= max, field, "must be between " + min + " and " + max);
  }

  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  public boolean ok() {
    return errors.isEmpty();
  }

  /** Throws {@link InvalidSpecException} when anything was recorded. */
  public void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw new InvalidSpecException(errors);
    }
  }
}
