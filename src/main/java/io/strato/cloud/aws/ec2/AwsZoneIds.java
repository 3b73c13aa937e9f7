package io.strato.cloud.aws.ec2;

import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;

/**
 * Zone names to zone IDs ({@code us-east-1a} to {@code use1-az4}), for the {@code
 * topology.k8s.aws/zone-id} label. A zone's ID never changes, so one DescribeAvailabilityZones
 * serves the life of the process, as cloud-provider-aws's zone cache does. A name it does not know
 * (a zone the account opted into later) reads the list again, at most once per {@code rereadAfter},
 * so a zone the API never lists cannot turn every look-up into a describe.
 */
final class AwsZoneIds {

  private static final Logger LOG = Logger.getLogger(AwsZoneIds.class);

  private final AwsClients clients;
  private final Clock clock;
  private final Duration rereadAfter;
  private final Map<String, String> idsByName = new HashMap<>();
  private Instant readAt;

  AwsZoneIds(AwsClients clients, Clock clock, Duration rereadAfter) {
    this.clients = clients;
    this.clock = clock;
    this.rereadAfter = rereadAfter;
  }

  /** The IDs of these zones that the region lists; a zone it does not is left out. */
  synchronized Map<String, String> ids(Collection<String> zoneNames) {
    if (!idsByName.keySet().containsAll(zoneNames) && mayRead()) {
      read();
    }
    Map<String, String> out = new HashMap<>();
    zoneNames.forEach(
        name -> {
          String id = idsByName.get(name);
          if (id != null) {
            out.put(name, id);
          }
        });
    return out;
  }

  private boolean mayRead() {
    return readAt == null || !clock.instant().isBefore(readAt.plus(rereadAfter));
  }

  private void read() {
    // allAvailabilityZones: Local and Wavelength Zones too, which nodes can run in.
    for (AvailabilityZone zone :
        AwsErrors.call(
            "DescribeAvailabilityZones",
            () ->
                clients
                    .ec2()
                    .describeAvailabilityZones(r -> r.allAvailabilityZones(true))
                    .availabilityZones())) {
      if (zone.zoneName() != null && zone.zoneId() != null) {
        idsByName.put(zone.zoneName(), zone.zoneId());
      }
    }
    readAt = clock.instant();
    LOG.debugf("zone IDs read: %d zones", idsByName.size());
  }
}
