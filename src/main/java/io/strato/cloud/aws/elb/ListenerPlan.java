package io.strato.cloud.aws.elb;

import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to do to a load balancer's listeners, decided without any cloud call. Listeners are keyed by
 * port. A protocol change is a delete and a create (Strato does not rely on ModifyListener's
 * protocol switch, which AWS limits between TCP, UDP and TLS); certificate, SSL policy and the
 * target group change in place.
 */
record ListenerPlan(
    List<ObservedListener> delete, List<Modification> modify, List<ListenerSpec> create) {

  /** An in-place change of one listener; each flag says which part differs. */
  record Modification(
      ObservedListener current,
      ListenerSpec desired,
      String targetGroupArn,
      boolean action,
      boolean certificate,
      boolean sslPolicy) {}

  boolean isEmpty() {
    return delete.isEmpty() && modify.isEmpty() && create.isEmpty();
  }

  static ListenerPlan of(
      List<ListenerSpec> desired,
      List<ObservedListener> actual,
      Map<Integer, String> targetGroupArnByPort) {
    List<ObservedListener> delete = new ArrayList<>();
    List<Modification> modify = new ArrayList<>();
    List<ListenerSpec> create = new ArrayList<>();
    Set<ObservedListener> kept = new HashSet<>();
    for (ListenerSpec want : desired) {
      String groupArn = targetGroupArnByPort.get(want.port());
      ObservedListener have =
          actual.stream()
              .filter(l -> l.port() == want.port() && l.protocol().equals(want.protocol().name()))
              .findFirst()
              .orElse(null);
      if (have == null) {
        create.add(want);
        continue;
      }
      kept.add(have);
      boolean tls = want.protocol() == ListenerProtocol.TLS;
      Modification change =
          new Modification(
              have,
              want,
              groupArn,
              !Objects.equals(have.targetGroupArn(), groupArn),
              tls && !Objects.equals(have.certificateArn(), want.certificateArn()),
              tls && want.sslPolicy() != null && !want.sslPolicy().equals(have.sslPolicy()));
      if (change.action() || change.certificate() || change.sslPolicy()) {
        modify.add(change);
      }
    }
    // Everything not kept goes: ports no longer declared, old protocols, and twins on one port.
    actual.stream().filter(l -> !kept.contains(l)).forEach(delete::add);
    return new ListenerPlan(delete, modify, create);
  }
}
