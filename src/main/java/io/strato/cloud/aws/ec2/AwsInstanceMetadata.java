package io.strato.cloud.aws.ec2;

import io.strato.cloud.instance.InstanceMetadata;
import io.strato.cloud.instance.NodeAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.InstancePrivateIpAddress;
import software.amazon.awssdk.services.ec2.model.NetworkInterfaceStatus;

/** Turns an EC2 instance into the SPI's record: no SDK type leaves this package. */
final class AwsInstanceMetadata {

  private AwsInstanceMetadata() {}

  static InstanceMetadata of(Instance instance, String clientRegion, String zoneId) {
    String zone = instance.placement() == null ? null : instance.placement().availabilityZone();
    return new InstanceMetadata(
        instance.instanceId(),
        AwsInstanceIds.providerId(zone == null ? "" : zone, instance.instanceId()),
        instance.instanceTypeAsString(),
        zone,
        AwsZones.region(zone, clientRegion),
        zoneId,
        AwsInstanceStates.of(instance.state() == null ? null : instance.state().name()),
        addresses(instance));
  }

  /**
   * The order cloud-provider-aws uses, which consumers that take "the first InternalIP" rely on:
   * the primary private IP first, then the other private IPs of the interfaces by device index;
   * then the public IP, private DNS (as InternalDNS and Hostname) and public DNS. An interface
   * still attaching or already detaching is left out, as upstream does: the node does not serve on
   * it.
   */
  static List<NodeAddress> addresses(Instance instance) {
    Set<String> privateIps = new LinkedHashSet<>();
    add(privateIps, instance.privateIpAddress());
    instance.networkInterfaces().stream()
        .filter(AwsInstanceMetadata::inUse)
        .sorted(Comparator.comparing(AwsInstanceMetadata::deviceIndex))
        .forEach(
            eni -> {
              add(privateIps, eni.privateIpAddress());
              for (InstancePrivateIpAddress ip : eni.privateIpAddresses()) {
                add(privateIps, ip.privateIpAddress());
              }
            });
    List<NodeAddress> out = new ArrayList<>();
    privateIps.forEach(ip -> out.add(new NodeAddress("InternalIP", ip)));
    if (present(instance.publicIpAddress())) {
      out.add(new NodeAddress("ExternalIP", instance.publicIpAddress()));
    }
    if (present(instance.privateDnsName())) {
      out.add(new NodeAddress("InternalDNS", instance.privateDnsName()));
      out.add(new NodeAddress("Hostname", instance.privateDnsName()));
    }
    if (present(instance.publicDnsName())) {
      out.add(new NodeAddress("ExternalDNS", instance.publicDnsName()));
    }
    return out;
  }

  /** An interface whose status is not said counts as in use, rather than losing its addresses. */
  private static boolean inUse(InstanceNetworkInterface eni) {
    return eni.status() == null || eni.status() == NetworkInterfaceStatus.IN_USE;
  }

  private static int deviceIndex(InstanceNetworkInterface eni) {
    return eni.attachment() == null || eni.attachment().deviceIndex() == null
        ? Integer.MAX_VALUE
        : eni.attachment().deviceIndex();
  }

  private static void add(Set<String> ips, String ip) {
    if (present(ip)) {
      ips.add(ip);
    }
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
