package io.quarkus.smallrye.openapi.runtime;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.smallrye.openapi.runtime.io.Format;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Quarkus' OpenAPI document service, prepared on the first request for the document instead of at
 * every start (issue 19, part 2).
 *
 * <p>Quarkus 3.33 calls {@code prepareDocument} from a runtime-init recorder whether the document
 * is served or not: it parses the build-time document and writes it out as JSON and YAML, about a
 * tenth of a start's CPU time with the image's ahead-of-time cache (docs/deployment.md,
 * "Start-up"), while production serves the document only when {@code
 * QUARKUS_SMALLRYE_OPENAPI_ENABLED=true}. This alternative records each call and runs it, with the
 * class loader of the start, when the document is first asked for; the document served is the same,
 * built by the same code from the same inputs.
 *
 * <p>In Quarkus' package because {@code prepareDocument} is package-private: the one way to take it
 * off the start without an extension of our own. {@code DeferredOpenApiDocumentServiceTest} fails
 * when an upgrade changes that method, rather than letting the start silently pay for it again.
 */
// Unremovable: Quarkus finds the service by type at run time, which ArC's unused-bean removal does
// not see, so without it the alternative was left out of the build.
// Prod only: the packaged jar loads this class and Quarkus' with one class loader, so the override
// and the inherited injection of the package-private field work. Dev mode and tests load the
// application apart from its dependencies, where neither does (the start failed on a null config),
// and keep Quarkus' own service.
@IfBuildProfile("prod")
@Unremovable
@Alternative
@Priority(1)
@ApplicationScoped
public class DeferredOpenApiDocumentService extends OpenApiDocumentService {

  /** The start's calls, not yet run; guarded by {@code this}. */
  private final List<Runnable> pending = new ArrayList<>();

  @Override
  void prepareDocument(
      AutoSecurityFilter autoSecurityFilter,
      Map<OpenApiFilter.RunStage, List<String>> filters,
      String documentName) {
    // The start's context class loader sees the generated document; a Vert.x thread's may not.
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    synchronized (this) {
      pending.add(
          () -> {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
              super.prepareDocument(autoSecurityFilter, filters, documentName);
            } finally {
              thread.setContextClassLoader(previous);
            }
          });
    }
  }

  @Override
  public byte[] getDocument(String documentName, Format format) {
    prepareRecorded();
    return super.getDocument(documentName, format);
  }

  /** Runs what the start recorded, once, before the first document is served. */
  synchronized void prepareRecorded() {
    pending.forEach(Runnable::run);
    pending.clear();
  }
}
