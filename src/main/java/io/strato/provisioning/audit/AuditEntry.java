package io.strato.provisioning.audit;

import java.time.Instant;

/**
 * One change request through the REST API.
 *
 * @param principal the token's subject ({@code upn}, else {@code sub}), or {@code anonymous}
 * @param status the HTTP status answered: 2xx done, 4xx refused
 * @param resourceVersion the version the change produced (its ETag), or null
 * @param contentSha256 the hashes of user data or bootstrap templates the request carried, as
 *     {@code field sha256:<hex>}, or null
 * @param count how many requests the entry stands for: 1, or the number of unauthenticated requests
 *     a summary entry counts
 */
public record AuditEntry(
    long id,
    Instant at,
    String principal,
    String method,
    String path,
    int status,
    String resourceVersion,
    String contentSha256,
    int count) {}
