package io.strato.testsupport;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Housekeeping on the Fabric8 mock API server that tests and benchmarks share. */
public final class MockApi {

  private MockApi() {}

  /**
   * Deletes every Service and Node, taking the Services' finalizers off first: no CCM is running to
   * remove them, and a Service left behind would be reconciled by the next test's controller.
   */
  public static void removeServicesAndNodes(KubernetesClient client) {
    client.nodes().delete();
    for (Service s : client.services().inAnyNamespace().list().getItems()) {
      var one =
          client
              .services()
              .inNamespace(s.getMetadata().getNamespace())
              .withName(s.getMetadata().getName());
      one.edit(
          x -> {
            x.getMetadata().setFinalizers(null);
            return x;
          });
      one.delete();
    }
  }
}
