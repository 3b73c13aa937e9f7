package io.strato.provisioning.validation;

/**
 * A check of a spec that needs more than the spec: the cloud's answer (which zone a subnet is in)
 * or today's date (whether a version is still supported). It runs only on a spec that passed every
 * check that needs neither, so malformed input still costs no cloud call.
 */
@FunctionalInterface
public interface AdmissionCheck<S> {

  void check(S spec, Validation v);
}
