package io.strato.wiring;

import io.strato.cloud.Deletion;
import io.strato.cloud.OnFirstUse;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterDriver;
import io.strato.cloud.cluster.ClusterProgress;
import java.util.function.Supplier;

/**
 * A cluster driver built on its first reconcile. The engine lists every driver at start-up, but
 * building one builds its cloud clients (EKS, ECS, Auto Scaling: seconds of class loading on two
 * cores), and most deployments only ever use one type of cluster, or none.
 */
final class ClusterDriverOnFirstUse implements ClusterDriver {

  private final String type;
  private final OnFirstUse<ClusterDriver> driver;

  ClusterDriverOnFirstUse(String type, Supplier<ClusterDriver> build) {
    this.type = type;
    this.driver = new OnFirstUse<>(() -> checked(type, build.get()));
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public ClusterProgress reconcile(ClusterContext cluster) throws Exception {
    return driver().reconcile(cluster);
  }

  @Override
  public Deletion delete(ClusterContext cluster) throws Exception {
    return driver().delete(cluster);
  }

  private ClusterDriver driver() {
    return driver.get();
  }

  private static ClusterDriver checked(String type, ClusterDriver built) {
    if (!built.type().equals(type)) {
      throw new IllegalStateException(
          "a driver for " + built.type() + " was registered as " + type);
    }
    return built;
  }
}
