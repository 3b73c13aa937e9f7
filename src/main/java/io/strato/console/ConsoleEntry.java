package io.strato.console;

import io.strato.config.StratoConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The console's way in. {@code /console} goes to {@code /console/}, where the static page is
 * served: the page loads its scripts by relative path, which only resolve under the trailing slash
 * (an exact regular expression, because a plain Vert.x path route would also match {@code
 * /console/} and loop). With the API off (the CCM's manifests), the console is not served either:
 * it would be a page about an API that is not there.
 */
@ApplicationScoped
public class ConsoleEntry {

  // Before Quarkus's static resources and HTTP filters, which are routed in the default order.
  private static final int BEFORE_STATIC_RESOURCES = -1000;

  void routes(@Observes Router router, StratoConfig config) {
    boolean apiOn = config.api().enabled();
    router
        .routeWithRegex("^/console(/.*)?$")
        .order(BEFORE_STATIC_RESOURCES)
        .handler(
            context -> {
              if (!apiOn) {
                context.response().setStatusCode(404).end();
              } else if (context.request().method() == HttpMethod.GET
                  && "/console".equals(context.normalizedPath())) {
                context.redirect("/console/");
              } else {
                context.next();
              }
            });
  }
}
