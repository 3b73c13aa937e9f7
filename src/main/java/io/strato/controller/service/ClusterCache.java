package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;

/**
 * The nodes and load-balanced Services as this replica's informers last saw them, as the upstream
 * service controller reads its node and service listers: a reconcile or a node sync reads memory,
 * never lists the API server, so its cost does not grow with the cluster's API traffic. The caches
 * may lag the API by a watch event; that is harmless because every change that lands later arrives
 * as an informer event and triggers its own sync.
 */
public interface ClusterCache {

  /** Every node; the caller must not modify them (they are the cache's own objects). */
  List<Node> nodes();

  /** Every Service of type LoadBalancer, in every namespace; not to be modified either. */
  List<Service> loadBalancerServices();

  /**
   * The cached copy of one Service ({@code namespace/name}), or null; not to be modified. It may
   * lag the API, so a write based on it must carry its resourceVersion as a precondition.
   */
  Service service(String key);

  /**
   * Reads the stores of these two informers. Call before the Service informer starts: it indexes
   * Services by type, so a node sync walks the load-balanced ones, not every ClusterIP Service.
   */
  static ClusterCache of(SharedIndexInformer<Node> nodes, SharedIndexInformer<Service> services) {
    String byType = "strato.io/service-type";
    services.addIndexers(
        Map.of(
            byType,
            s -> List.of(s.getSpec() == null ? "" : String.valueOf(s.getSpec().getType()))));
    return new ClusterCache() {
      @Override
      public List<Node> nodes() {
        return nodes.getStore().list();
      }

      @Override
      public List<Service> loadBalancerServices() {
        return services.getIndexer().byIndex(byType, "LoadBalancer");
      }

      @Override
      public Service service(String key) {
        return services.getStore().getByKey(key); // the informer's key is namespace/name too
      }
    };
  }
}
