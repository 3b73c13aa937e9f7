package io.strato.cloud.aws.ec2;

import io.strato.cloud.image.MachineImage;
import io.strato.cloud.image.MachineImages;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * AMIs by ID, one DescribeImages for the IDs not seen before and never again for them: an AMI's
 * name cannot change, so polls of a cluster cost no call. The IDs go in an {@code image-id} filter,
 * not {@code ImageIds}: with {@code ImageIds} one unknown ID fails the whole call ({@code
 * InvalidAMIID.NotFound}), with the filter it is just absent from the answer.
 */
public final class AwsMachineImages implements MachineImages {

  private final Ec2Client ec2;
  private final Map<String, Optional<MachineImage>> seen = new ConcurrentHashMap<>();

  public AwsMachineImages(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public Map<String, MachineImage> describe(Collection<String> imageIds) {
    TreeSet<String> unseen = new TreeSet<>(imageIds);
    unseen.removeAll(seen.keySet());
    if (!unseen.isEmpty()) {
      Map<String, MachineImage> found = new TreeMap<>();
      for (Image image :
          ec2.describeImages(r -> r.filters(f -> f.name("image-id").values(unseen))).images()) {
        found.put(image.imageId(), facts(image));
      }
      unseen.forEach(id -> seen.put(id, Optional.ofNullable(found.get(id))));
    }
    Map<String, MachineImage> out = new TreeMap<>();
    for (String id : imageIds) {
      seen.getOrDefault(id, Optional.empty()).ifPresent(image -> out.put(id, image));
    }
    return out;
  }

  private static MachineImage facts(Image image) {
    Map<String, String> tags = new TreeMap<>();
    for (Tag t : image.tags()) {
      tags.put(t.key(), t.value());
    }
    return new MachineImage(image.imageId(), image.name(), tags);
  }
}
