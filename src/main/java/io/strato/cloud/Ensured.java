package io.strato.cloud;

/**
 * The answer of an "ensure" call: what now exists, what the call did, and whether the cloud is
 * still settling (an NLB in {@code provisioning}, an Auto Scaling group below its desired
 * capacity).
 */
public record Ensured<S>(S status, ChangeOutcome outcome, boolean settled) {}
