package io.strato.cloud.aws.elb;

import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.loadbalancer.LoadBalancerAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;

/**
 * The attributes of the load balancer itself (cross-zone load balancing, access logs): read back,
 * and written only where they differ. A spec that sets none costs no call, so Services without
 * these annotations pay nothing for them.
 */
final class LoadBalancerAttributeSync {

  /**
   * What a network load balancer has before anyone sets an attribute. Some readers (moto among
   * them) leave a default out of DescribeLoadBalancerAttributes; an absent key means this value.
   */
  static final Map<String, String> NLB_DEFAULTS =
      Map.of(
          "load_balancing.cross_zone.enabled", "false",
          "access_logs.s3.enabled", "false",
          "access_logs.s3.bucket", "",
          "access_logs.s3.prefix", "");

  private final ElasticLoadBalancingV2Client elb;

  LoadBalancerAttributeSync(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  /**
   * Makes the load balancer's attributes match; answers whether it wrote. A load balancer created
   * in this reconcile has the defaults, so it is not read first.
   */
  boolean reconcile(String arn, LoadBalancerAttributes desired, boolean fresh) {
    if (desired.isEmpty()) {
      return false;
    }
    Map<String, String> actual = fresh ? NLB_DEFAULTS : withDefaults(describe(arn));
    Map<String, String> changes =
        TargetGroupSettings.attributeChanges(desired.asAwsAttributes(), actual);
    if (changes.isEmpty()) {
      return false;
    }
    AwsErrors.run(
        "elbv2:ModifyLoadBalancerAttributes",
        () ->
            elb.modifyLoadBalancerAttributes(
                r ->
                    r.loadBalancerArn(arn)
                        .attributes(
                            changes.entrySet().stream()
                                .map(
                                    e ->
                                        LoadBalancerAttribute.builder()
                                            .key(e.getKey())
                                            .value(e.getValue())
                                            .build())
                                .toList())));
    return true;
  }

  private Map<String, String> describe(String arn) {
    Map<String, String> out = new LinkedHashMap<>();
    AwsErrors.call(
            "elbv2:DescribeLoadBalancerAttributes",
            () -> elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(arn)))
        .attributes()
        .forEach(a -> out.put(a.key(), a.value() == null ? "" : a.value()));
    return out;
  }

  private static Map<String, String> withDefaults(Map<String, String> actual) {
    Map<String, String> out = new LinkedHashMap<>(NLB_DEFAULTS);
    out.putAll(actual);
    return out;
  }
}
