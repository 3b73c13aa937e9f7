package io.strato.provisioning.store;

/**
 * The part of a resource row that says whether it needs a reconcile: see {@link
 * ResourceStore#marks()}.
 */
public record ResourceMark(ResourceKey key, String uid, long generation, boolean deleting) {}
