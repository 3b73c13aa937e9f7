package io.strato.provisioning.store;

/** The answer of a put: the row as written, and whether the put created it. */
public record Written(StoredResource resource, boolean created) {}
