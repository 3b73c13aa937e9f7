package io.strato.provisioning.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.provisioning.cluster.eks.EksVersions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Valid cluster specs of each type, as JSON, for tests to start from and break. */
public final class ClusterSpecs {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The newest EKS version in standard support today: the REST API refuses others without
   * extendedSupport. When this list runs dry, EksVersions needs the newer EKS releases.
   */
  public static final String EKS_VERSION =
      EksVersions.inStandardSupport(LocalDate.now(ZoneOffset.UTC)).stream()
          .reduce((a, b) -> b)
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "EksVersions lists no version in standard support today"));

  private ClusterSpecs() {}

  /** Three subnets with their zones, as {@code network.subnets} JSON. */
  public static String subnets(List<String> ids, List<String> zones) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < ids.size(); i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"id\": \"")
          .append(ids.get(i))
          .append("\", \"zone\": \"")
          .append(zones.get(i))
          .append("\"}");
    }
    return b.append("]").toString();
  }

  public static String eks(String subnetsJson, String version, int desired) {
    return """
        {"provider": "aws", "type": "eks", "version": "%s",
         "network": {"subnets": %s},
         "eks": {"roleArn": "arn:aws:iam::123456789012:role/strato-eks-cluster",
                 "endpointAccess": {"publicAccess": true, "privateAccess": true},
                 "logging": ["api", "audit"]},
         "nodeGroups": [{"name": "general", "nodeRole": "arn:aws:iam::123456789012:role/strato-eks-node",
                         "instanceTypes": ["m6i.large"], "capacityType": "ON_DEMAND",
                         "minSize": 1, "maxSize": 5, "desiredCapacity": %d,
                         "nodeLabels": {"role": "general"},
                         "nodeTaints": [{"key": "dedicated", "value": "general", "effect": "NoSchedule"}],
                         "updateConfig": {"maxUnavailable": 1}}],
         "tags": {"team": "platform"}}
        """
        .formatted(version, subnetsJson, desired);
  }

  /**
   * A self-managed cluster whose nodes run as the instance profiles {@link
   * io.strato.testsupport.AwsFixtures#nodeProfiles} creates: create them first.
   */
  public static String selfManaged(String subnetsJson, String ami, String version, int workers) {
    return """
        {"provider": "aws", "type": "self-managed", "version": "%s",
         "network": {"subnets": %s},
         "selfManaged": {"replicas": 3, "imageId": "%s", "instanceType": "m6i.large",
                         "instanceProfile": "strato-control-plane",
                         "apiLoadBalancerScheme": "internal"},
         "nodeGroups": [{"name": "workers", "imageId": "%s", "instanceType": "m6i.large",
                         "instanceProfile": "strato-node",
                         "minSize": 1, "maxSize": 10, "desiredCapacity": %d,
                         "nodeLabels": {"role": "worker"}}],
         "tags": {"team": "platform"}}
        """
        .formatted(version, subnetsJson, ami, ami, workers);
  }

  public static String ecs(String subnetsJson, String ami, int desired, String image) {
    return """
        {"provider": "aws", "type": "ecs",
         "network": {"subnets": %s},
         "ecs": {"containerInsights": true,
                 "services": [{"name": "web", "desiredCount": 2,
                               "container": {"name": "web", "image": "%s", "port": 80},
                               "autoscaling": {"minCount": 2, "maxCount": 6, "metric": "cpu", "target": 60}}]},
         "nodeGroups": [{"name": "capacity", "imageId": "%s", "instanceType": "m6i.large",
                         "instanceProfile": "strato-node",
                         "minSize": 1, "maxSize": 6, "desiredCapacity": %d}],
         "tags": {"team": "platform"}}
        """
        .formatted(subnetsJson, image, ami, desired);
  }

  public static ClusterSpecDto parse(String json) {
    try {
      return JSON.readValue(json, ClusterSpecDto.class);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
