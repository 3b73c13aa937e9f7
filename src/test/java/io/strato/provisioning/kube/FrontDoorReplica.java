package io.strato.provisioning.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.asg.AwsNodeGroups;
import io.strato.cloud.aws.cluster.eks.EksClusterDriver;
import io.strato.cloud.aws.ec2.AwsSubnets;
import io.strato.cloud.aws.elb.AwsLoadBalancers;
import io.strato.cloud.cluster.ClusterOutputs;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.network.RememberedSubnets;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.config.StrictJson;
import io.strato.provisioning.Kinds;
import io.strato.provisioning.ProvisioningRuntime;
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
import io.strato.provisioning.store.StoreDataSource;
import io.strato.provisioning.store.StoreSettings;
import io.strato.provisioning.validation.PassableIdentities;
import io.strato.testsupport.FastReconcile;
import io.strato.testsupport.MotoServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One Strato replica as the application wires it, minus CDI: the provisioning engine on an H2 store
 * in a directory (so a second replica on the same directory is a restart), the three REST services
 * and the custom resource watch on the given Kubernetes API.
 */
final class FrontDoorReplica implements AutoCloseable {

  static final Duration POLL = FastReconcile.POLL;

  final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
  final AwsClients clients = MotoServer.shared().clients();
  final StoreDataSource db;
  final JdbcResourceStore store;
  final ProvisioningRuntime runtime;
  final ResourceService<ClusterSpecDto, ClusterOutputs> clusters;
  final ResourceService<LoadBalancerSpecDto, LoadBalancerOutputs> loadBalancers;
  final ResourceService<NodeGroupSpecDto, NodeGroupOutputs> nodeGroups;
  final CustomResourceWatch watch;

  FrontDoorReplica(String identity, Path dataDir, KubernetesClient kubernetes) {
    new StrictJson().customize(json);
    db = StoreDataSource.open(StoreSettings.h2File(dataDir));
    store = new JdbcResourceStore(db.dataSource(), Clock.systemUTC());
    StatusReporter reporter = new StatusReporter(store, json, Clock.systemUTC());
    runtime =
        new ProvisioningRuntime(
            store,
            db.dataSource(),
            reporter,
            enqueue ->
                List.of(
                    new LoadBalancerReconciler(
                        store, new AwsLoadBalancers(clients), reporter, json, POLL),
                    new NodeGroupReconciler(
                        new AwsNodeGroups(clients), store, reporter, json, POLL, enqueue),
                    new ClusterReconciler(
                        List.of(new EksClusterDriver(clients)),
                        new ClusterNetwork(
                            new RememberedSubnets(
                                new AwsSubnets(clients.ec2()),
                                Duration.ofMinutes(5),
                                Clock.systemUTC())),
                        store,
                        reporter,
                        json,
                        POLL)),
            new FastReconcile(Duration.ofSeconds(2)),
            new SimpleMeterRegistry(),
            identity);
    PassableIdentities passable = PassableIdentities.byPrefix("strato-");
    clusters = new ResourceService<>(Kinds.CLUSTER, store, json, runtime::enqueue, passable);
    loadBalancers =
        new ResourceService<>(Kinds.LOAD_BALANCER, store, json, runtime::enqueue, passable);
    nodeGroups = new ResourceService<>(Kinds.NODE_GROUP, store, json, runtime::enqueue, passable);
    watch =
        new CustomResourceWatch(
            kubernetes,
            KubernetesFrontDoor.bridges(clusters, loadBalancers, nodeGroups, json),
            Optional.empty(),
            runtime::leading,
            Duration.ofMillis(300),
            json,
            new SimpleMeterRegistry());
    runtime.start();
    watch.start();
  }

  long cloudCalls() {
    return clients.metrics().total();
  }

  /** Stops as a crash would: the lease is not released, nothing is finished. */
  void crash() {
    watch.close();
    runtime.halt();
    clients.close();
    db.close();
  }

  @Override
  public void close() {
    watch.close();
    runtime.close();
    clients.close();
    db.close();
  }
}
