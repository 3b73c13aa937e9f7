package io.quarkus.smallrye.openapi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.smallrye.openapi.runtime.io.Format;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The start records Quarkus' document preparation and the first request runs it: AuthTest and
 * BadInputTest check the document served, this checks when it is made.
 */
class DeferredOpenApiDocumentServiceTest {

  /**
   * Quarkus 3.33's recorder calls this package-private method at every start; if an upgrade renames
   * or widens it, the override no longer takes the work off the start, and this says so.
   */
  @Test
  void overridesTheMethodQuarkusCallsAtStart() throws Exception {
    Class<?>[] parameters = {AutoSecurityFilter.class, Map.class, String.class};
    Method quarkus = OpenApiDocumentService.class.getDeclaredMethod("prepareDocument", parameters);
    Method ours =
        DeferredOpenApiDocumentService.class.getDeclaredMethod("prepareDocument", parameters);
    int packagePrivate = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.PRIVATE;
    assertThat(quarkus.getModifiers() & packagePrivate).isZero();
    assertThat(ours.getModifiers() & packagePrivate).isZero();
  }

  @Test
  void theDocumentIsLookedUpOnTheFirstRequestNotAtStart() {
    AtomicInteger lookups = new AtomicInteger();
    ClassLoader counting =
        new ClassLoader(getClass().getClassLoader()) {
          @Override
          public InputStream getResourceAsStream(String name) {
            if (name.startsWith("META-INF/quarkus-generated-openapi-doc")) {
              lookups.incrementAndGet();
            }
            return super.getResourceAsStream(name);
          }
        };
    DeferredOpenApiDocumentService service = new DeferredOpenApiDocumentService();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(counting);
    try {
      service.prepareDocument(null, Map.of(), "<default>");
    } finally {
      thread.setContextClassLoader(previous);
    }
    assertThat(lookups).hasValue(0);

    // Served from another thread's loader, the start's is used: as on a Vert.x thread.
    service.getDocument("<default>", Format.JSON);
    service.getDocument("<default>", Format.YAML);
    assertThat(lookups).hasValue(1);
  }
}
