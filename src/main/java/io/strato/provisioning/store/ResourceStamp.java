package io.strato.provisioning.store;

/**
 * What names one version of a resource, without its spec and status: enough for a reader that keeps
 * something derived from the row (a rendered view) by version to tell whether its copy is current.
 * Every write that changes a row bumps its resourceVersion, and a resource deleted and created
 * again has another uid, so equal stamps mean equal rows.
 */
public record ResourceStamp(String name, String uid, long resourceVersion) {}
