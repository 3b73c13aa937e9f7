package io.strato.provisioning.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.asg.AwsNodeGroups;
import io.strato.cloud.aws.cluster.ecs.EcsClusterDriver;
import io.strato.cloud.aws.cluster.eks.EksClusterDriver;
import io.strato.cloud.aws.cluster.selfmanaged.SelfManagedClusterDriver;
import io.strato.cloud.aws.ec2.AwsSubnets;
import io.strato.cloud.aws.elb.AwsLoadBalancers;
import io.strato.cloud.cluster.ClusterOutputs;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.network.RememberedSubnets;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.config.StrictJson;
import io.strato.provisioning.KindReconciler;
import io.strato.provisioning.Kinds;
import io.strato.provisioning.ProvisioningReconciler;
import io.strato.provisioning.StatusReporter;
import io.strato.provisioning.api.ResourceService;
import io.strato.provisioning.cluster.ClusterNetwork;
import io.strato.provisioning.cluster.ClusterReconciler;
import io.strato.provisioning.loadbalancer.LoadBalancerOutputs;
import io.strato.provisioning.loadbalancer.LoadBalancerReconciler;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto;
import io.strato.provisioning.nodegroup.NodeGroupOutputs;
import io.strato.provisioning.nodegroup.NodeGroupReconciler;
import io.strato.provisioning.store.JdbcResourceStore;
import io.strato.provisioning.store.ResourceKey;
import io.strato.provisioning.store.StoreDataSource;
import io.strato.provisioning.store.StoreSettings;
import io.strato.provisioning.validation.PassableIdentities;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * One "Strato process" built from the same parts the application wires, on an H2 file that outlives
 * it, with reconciles driven by the test so a crash happens at an exact call.
 */
public final class StratoProcess implements AutoCloseable {

  public final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
  public final StoreDataSource dataSource;
  public final JdbcResourceStore store;
  public final AwsClients clients;
  public final ProvisioningReconciler reconciler;
  public final ResourceService<LoadBalancerSpecDto, LoadBalancerOutputs> loadBalancers;
  public final ResourceService<NodeGroupSpecDto, NodeGroupOutputs> nodeGroups;
  public final ResourceService<ClusterSpecDto, ClusterOutputs> clusters;

  /**
   * Fixed, so that every "process" derives the same bootstrap tokens, as replicas sharing a key
   * file do.
   */
  static final byte[] BOOTSTRAP_KEY = "a test key of at least thirty-two bytes".getBytes();

  public StratoProcess(Path dataDir, AwsClients clients) {
    new StrictJson().customize(json);
    this.dataSource = StoreDataSource.open(StoreSettings.h2File(dataDir));
    this.store = new JdbcResourceStore(dataSource.dataSource(), Clock.systemUTC());
    this.clients = clients;
    StatusReporter reporter = new StatusReporter(store, json, Clock.systemUTC());
    Duration poll = Duration.ZERO;
    List<KindReconciler> kinds =
        List.of(
            new LoadBalancerReconciler(store, new AwsLoadBalancers(clients), reporter, json, poll),
            new NodeGroupReconciler(
                new AwsNodeGroups(clients), store, reporter, json, poll, key -> {}),
            new ClusterReconciler(
                List.of(
                    new EksClusterDriver(clients),
                    new EcsClusterDriver(clients, new AwsNodeGroups(clients)),
                    new SelfManagedClusterDriver(
                        clients,
                        new AwsLoadBalancers(clients),
                        new AwsNodeGroups(clients),
                        BOOTSTRAP_KEY)),
                new ClusterNetwork(
                    new RememberedSubnets(
                        new AwsSubnets(clients.ec2()), Duration.ofMinutes(5), Clock.systemUTC())),
                store,
                reporter,
                json,
                poll));
    this.reconciler = new ProvisioningReconciler(store, reporter, kinds, poll);
    this.loadBalancers =
        new ResourceService<>(
            Kinds.LOAD_BALANCER, store, json, key -> {}, PassableIdentities.byPrefix("strato-"));
    this.nodeGroups =
        new ResourceService<>(
            Kinds.NODE_GROUP, store, json, key -> {}, PassableIdentities.byPrefix("strato-"));
    this.clusters =
        new ResourceService<>(
            Kinds.CLUSTER, store, json, key -> {}, PassableIdentities.byPrefix("strato-"));
  }

  /** What the engine does at start-up and on every requeue, in the test's thread. */
  public void reconcileAll(int rounds) throws Exception {
    for (int i = 0; i < rounds; i++) {
      for (ResourceKey key : store.keys()) {
        reconciler.reconcile(key);
      }
    }
  }

  public String phase(ResourceKey key) {
    return store
        .get(key.kind(), key.name())
        .map(
            r ->
                r.statusJson() == null
                    ? "Pending"
                    : json.valueToTree(readStatus(r.statusJson())).path("phase").asText())
        .orElse("Gone");
  }

  private Object readStatus(String text) {
    try {
      return json.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
    clients.close();
  }
}
