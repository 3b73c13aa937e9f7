package io.strato.provisioning.loadbalancer;

import io.strato.cloud.CloudException;
import io.strato.cloud.network.Subnets;
import io.strato.provisioning.validation.AdmissionCheck;
import io.strato.provisioning.validation.Validation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A network load balancer takes at most one subnet per zone; ELB refuses the rest of the list. The
 * spec names subnets by ID only, so their zones are looked up before the spec is stored, and the
 * second subnet of a zone is answered 422 instead of a load balancer that fails later.
 */
public final class SubnetsPerZone implements AdmissionCheck<LoadBalancerSpecDto> {

  private static final Logger LOG = Logger.getLogger(SubnetsPerZone.class);

  private final Subnets subnets;

  public SubnetsPerZone(Subnets subnets) {
    this.subnets = subnets;
  }

  @Override
  public void check(LoadBalancerSpecDto spec, Validation v) {
    List<String> ids = spec.subnetIds();
    if (ids == null || ids.size() < 2) {
      return;
    }
    Map<String, String> zoneById = new HashMap<>();
    try {
      subnets.byIds(ids).forEach(s -> zoneById.put(s.id(), s.zone()));
    } catch (CloudException e) {
      // The look-up is a courtesy: if the cloud cannot answer now, ELB's own refusal reaches the
      // status on reconcile. A spec is not refused because EC2 was busy.
      LOG.debugf("subnet zones unknown, checked on reconcile instead: %s", e.getMessage());
      return;
    }
    Map<String, Integer> firstInZone = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      String zone = zoneById.get(ids.get(i));
      if (zone == null) {
        continue; // a missing subnet is reported by the reconciler, which looks again later
      }
      Integer first = firstInZone.putIfAbsent(zone, i);
      if (first != null) {
        v.fail(
            "spec.subnetIds[" + i + "]",
            "is in "
                + zone
                + " like spec.subnetIds["
                + first
                + "]; a network load balancer takes at most one subnet per zone");
      }
    }
  }
}
