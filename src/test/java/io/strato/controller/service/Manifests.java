package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Compact Services and Nodes for tests, shaped as the API server returns them. */
final class Manifests {

  private Manifests() {}

  static ServicePort port(String name, int port, int nodePort) {
    return port(name, "TCP", port, nodePort);
  }

  static ServicePort port(String name, String protocol, int port, int nodePort) {
    return new ServicePortBuilder()
        .withName(name)
        .withProtocol(protocol)
        .withPort(port)
        .withNodePort(nodePort)
        .build();
  }

  static Service service(String namespace, String name, ServicePort... ports) {
    return service(namespace, name, Map.of(), ports);
  }

  static Service service(
      String namespace, String name, Map<String, String> annotations, ServicePort... ports) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withUid("uid-" + namespace + "-" + name)
        .withAnnotations(new HashMap<>(annotations))
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .withPorts(Arrays.asList(ports))
        .withExternalTrafficPolicy("Cluster")
        .endSpec()
        .build();
  }

  static Node node(String name, String instanceId, boolean ready, Map<String, String> labels) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(new HashMap<>(labels))
        .endMetadata()
        .withNewSpec()
        .withProviderID(instanceId == null ? null : "aws:///us-east-1a/" + instanceId)
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  static Node node(String name, String instanceId) {
    return node(name, instanceId, true, Map.of());
  }

  static List<String> ids(List<io.strato.cloud.loadbalancer.Target> targets) {
    return targets.stream().map(io.strato.cloud.loadbalancer.Target::id).toList();
  }
}
