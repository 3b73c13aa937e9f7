package io.strato.config;

import io.strato.cloud.Deletion;
import io.strato.provisioning.cluster.ClusterContext;
import io.strato.provisioning.cluster.ClusterDriver;
import io.strato.provisioning.cluster.ClusterProgress;
import java.util.function.Supplier;

/**
 * A cluster driver built on its first reconcile. The engine lists every driver at start-up, but
 * building one builds its cloud clients (EKS, ECS, Auto Scaling: seconds of class loading on two
 * cores), and most deployments only ever use one type of cluster, or none.
 */
final class ClusterDriverOnFirstUse implements ClusterDriver {

  private final String type;
  private final Supplier<ClusterDriver> build;
  private volatile ClusterDriver driver;

  ClusterDriverOnFirstUse(String type, Supplier<ClusterDriver> build) {
    this.type = type;
    this.build = build;
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
    ClusterDriver d = driver;
    if (d != null) {
      return d;
    }
    synchronized (this) {
      if (driver == null) {
        ClusterDriver built = build.get();
        if (!built.type().equals(type)) {
          throw new IllegalStateException(
              "a driver for " + built.type() + " was registered as " + type);
        }
        driver = built;
      }
      return driver;
    }
  }
}
