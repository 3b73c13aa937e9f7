package io.strato.controller;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsCloudProvider;
import io.strato.cloud.aws.elb.AwsLoadBalancers;
import io.strato.testsupport.MotoServer;

/**
 * One leading CCM replica as production wires it ({@link LeadingControllers}), on the mock API and
 * moto, with a Kubernetes client and AWS clients of its own: its API requests carry the user agent
 * {@link #USER_AGENT}, so {@link ApiListCalls} tells them from the test's, and its AWS calls are
 * tallied apart from the test's reads.
 */
record RunningCcm(LeadingControllers controllers, AwsClients aws, KubernetesClient kubernetes)
    implements AutoCloseable {

  static final String USER_AGENT = "strato-ccm-under-test";

  static RunningCcm start(KubernetesClient api, String clusterId) throws Exception {
    return start(api, clusterId, new SimpleMeterRegistry());
  }

  /** The same, recording the controllers' work-queue and reconcile meters in {@code registry}. */
  static RunningCcm start(KubernetesClient api, String clusterId, MeterRegistry registry)
      throws Exception {
    KubernetesClient own =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(api.getConfiguration()).withUserAgent(USER_AGENT).build())
            .build();
    AwsClients aws = MotoServer.shared().clients();
    LeadingControllers controllers =
        new LeadingControllers(
            own,
            new AwsCloudProvider(aws, new AwsLoadBalancers(aws)),
            CcmConvergenceBenchmark.config(clusterId),
            clusterId,
            registry);
    RunningCcm ccm = new RunningCcm(controllers, aws, own);
    try {
      controllers.start();
      return ccm;
    } catch (Exception | Error e) {
      ccm.close();
      throw e;
    }
  }

  @Override
  public void close() {
    controllers.close();
    aws.close();
    kubernetes.close();
  }
}
