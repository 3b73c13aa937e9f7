package io.strato.provisioning.audit;

import jakarta.enterprise.context.RequestScoped;

/**
 * What one change request carried that the audit row should name beyond its path: the hashes of
 * privileged content. The resource service notes it; {@link AuditFilter} writes it with the row.
 */
@RequestScoped
public class ContentAudit {

  private String contentSha256;

  public void note(String contentSha256) {
    this.contentSha256 = contentSha256;
  }

  public String contentSha256() {
    return contentSha256;
  }
}
