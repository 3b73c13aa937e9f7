package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerRequest;

/** The listeners of one load balancer: read them, and carry out a {@link ListenerPlan}. */
final class Listeners {

  private static final Logger LOG = Logger.getLogger(Listeners.class);

  /** Error codes that mean "the certificate or policy you named does not exist". */
  private static final Set<String> USER_REFERENCES =
      Set.of("CertificateNotFound", "CertificateNotFoundException", "SSLPolicyNotFound");

  private final ElasticLoadBalancingV2Client elb;

  Listeners(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  List<ObservedListener> describe(String loadBalancerArn) {
    List<ObservedListener> out = new ArrayList<>();
    String marker = null;
    do {
      String page = marker;
      DescribeListenersResponse response =
          AwsErrors.call(
              "elbv2:DescribeListeners",
              () -> elb.describeListeners(r -> r.loadBalancerArn(loadBalancerArn).marker(page)));
      response.listeners().forEach(l -> out.add(observed(l)));
      marker = response.nextMarker();
    } while (marker != null && !marker.isEmpty());
    return out;
  }

  /**
   * Carries the plan out (deletions first, so a port is free for its new protocol) and answers the
   * listeners as they now are, by port.
   */
  List<ObservedListener> apply(
      String loadBalancerArn,
      List<ObservedListener> actual,
      ListenerPlan plan,
      Map<Integer, String> targetGroupArnByPort,
      Map<String, String> tags) {
    Map<String, ObservedListener> now = new LinkedHashMap<>();
    actual.forEach(l -> now.put(l.arn(), l));
    for (ObservedListener gone : plan.delete()) {
      delete(gone);
      now.remove(gone.arn());
    }
    Map<Integer, CloudException.InvalidRequest> refused = new TreeMap<>();
    for (ListenerPlan.Modification change : plan.modify()) {
      try {
        now.put(change.current().arn(), modify(change));
      } catch (CloudException.InvalidRequest e) {
        refused.put(change.desired().port(), e);
      }
    }
    for (ListenerSpec listener : plan.create()) {
      try {
        ObservedListener created =
            create(loadBalancerArn, listener, targetGroupArnByPort.get(listener.port()), tags);
        now.put(created.arn(), created);
      } catch (CloudException.InvalidRequest e) {
        refused.put(listener.port(), e);
      }
    }
    List<ObservedListener> result =
        now.values().stream().sorted(Comparator.comparingInt(ObservedListener::port)).toList();
    if (!refused.isEmpty()) {
      throw partlyServed(result, refused);
    }
    return result;
  }

  /**
   * One listener refused (a certificate not imported yet) must not stop the others: they are made,
   * and the refusal names what is served and what is not, so the Service's condition tells the user
   * which ports work while the cause is fixed.
   */
  private static CloudException.InvalidRequest partlyServed(
      List<ObservedListener> now, Map<Integer, CloudException.InvalidRequest> refused) {
    List<Integer> served =
        now.stream().map(ObservedListener::port).filter(p -> !refused.containsKey(p)).toList();
    StringBuilder message = new StringBuilder();
    refused.forEach(
        (port, e) -> message.append(message.isEmpty() ? "" : "; ").append(e.getMessage()));
    message
        .append(". Ports served: ")
        .append(served.isEmpty() ? "none" : served.toString())
        .append("; not served: ")
        .append(refused.keySet());
    CloudException.InvalidRequest first = refused.values().iterator().next();
    return new CloudException.InvalidRequest(
        "aws", first.operation(), first.reason(), message.toString(), first);
  }

  void delete(ObservedListener listener) {
    try {
      AwsErrors.run(
          "elbv2:DeleteListener", () -> elb.deleteListener(r -> r.listenerArn(listener.arn())));
      LOG.infof("deleted listener %s on port %d", listener.arn(), listener.port());
    } catch (CloudException.NotFound gone) {
      // already deleted
    }
  }

  private ObservedListener create(
      String loadBalancerArn, ListenerSpec listener, String groupArn, Map<String, String> tags) {
    boolean tls = listener.protocol() == ListenerProtocol.TLS;
    Listener created =
        userReferences(
                listener,
                "elbv2:CreateListener",
                () ->
                    elb.createListener(
                        r -> {
                          r.loadBalancerArn(loadBalancerArn)
                              .port(listener.port())
                              .protocol(listener.protocol().name())
                              .defaultActions(forward(groupArn))
                              .tags(AwsTags.toElbv2(tags));
                          if (tls) {
                            r.certificates(
                                Certificate.builder()
                                    .certificateArn(listener.certificateArn())
                                    .build());
                            r.sslPolicy(listener.sslPolicy());
                          }
                        }))
            .listeners()
            .get(0);
    LOG.infof("created listener %s on port %d", created.listenerArn(), listener.port());
    return observed(created);
  }

  /** Sends only the parts that differ, and never the protocol (unchanged by construction). */
  private ObservedListener modify(ListenerPlan.Modification change) {
    ModifyListenerRequest.Builder request =
        ModifyListenerRequest.builder().listenerArn(change.current().arn());
    if (change.action()) {
      request.defaultActions(forward(change.targetGroupArn()));
    }
    if (change.certificate()) {
      request.certificates(
          Certificate.builder().certificateArn(change.desired().certificateArn()).build());
    }
    if (change.sslPolicy()) {
      request.sslPolicy(change.desired().sslPolicy());
    }
    userReferences(
        change.desired(), "elbv2:ModifyListener", () -> elb.modifyListener(request.build()));
    LOG.infof("modified listener %s on port %d", change.current().arn(), change.current().port());
    ObservedListener was = change.current();
    return new ObservedListener(
        was.arn(),
        was.port(),
        was.protocol(),
        change.targetGroupArn(),
        change.certificate() ? change.desired().certificateArn() : was.certificateArn(),
        change.sslPolicy() ? change.desired().sslPolicy() : was.sslPolicy());
  }

  /**
   * A certificate or SSL policy the user named that AWS does not know is the user's to fix: an
   * InvalidRequest, not the "not found" the engine reads as "already gone".
   */
  private static <T> T userReferences(ListenerSpec listener, String operation, Supplier<T> call) {
    try {
      return AwsErrors.call(operation, call);
    } catch (CloudException.NotFound e) {
      String code = AwsErrors.codeOf(e.getCause());
      if (code == null || !USER_REFERENCES.contains(code)) {
        throw e;
      }
      String reason = code.startsWith("SSLPolicy") ? "SSLPolicyNotFound" : "CertificateNotFound";
      throw new CloudException.InvalidRequest(
          "aws",
          operation,
          reason,
          "the listener on port "
              + listener.port()
              + " names a certificate or SSL policy AWS does not know: "
              + e.getMessage(),
          e);
    }
  }

  private static Action forward(String groupArn) {
    return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(groupArn).build();
  }

  private static ObservedListener observed(Listener l) {
    String groupArn =
        l.defaultActions().stream()
            .filter(a -> a.type() == ActionTypeEnum.FORWARD)
            .map(Listeners::targetGroupOf)
            .findFirst()
            .orElse(null);
    String certificate =
        l.certificates().isEmpty() ? null : l.certificates().get(0).certificateArn();
    return new ObservedListener(
        l.listenerArn(),
        l.port() == null ? 0 : l.port(),
        l.protocolAsString(),
        groupArn,
        certificate,
        l.sslPolicy());
  }

  private static String targetGroupOf(Action action) {
    if (action.targetGroupArn() != null) {
      return action.targetGroupArn();
    }
    if (action.forwardConfig() != null && !action.forwardConfig().targetGroups().isEmpty()) {
      return action.forwardConfig().targetGroups().get(0).targetGroupArn();
    }
    return null;
  }
}
