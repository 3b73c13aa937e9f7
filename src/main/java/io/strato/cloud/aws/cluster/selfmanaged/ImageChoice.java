package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.cluster.NodeBootstrap;
import io.strato.cloud.image.MachineImage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the images of a self-managed cluster fit its {@code selfManaged.bootstrap} choice, read
 * from their names and tags: a pure function, so a unit test can call it without any cloud.
 *
 * <p>Only a doubt, never a refusal: an image may carry kubeadm under any name. So a mismatch is a
 * condition the user sees at plan time (instead of nodes that never join at 3 a.m.), not a failure.
 * The Kubernetes image-builder names its AWS images {@code capa-ami-<os>-v<version>-<time>} and
 * tags them {@code kubernetes_version}; other builders usually put "k8s" or "kube" in the name.
 */
final class ImageChoice {

  private static final Pattern LOOKS_PREBUILT = Pattern.compile("(?i).*(capa-ami|kube|k8s).*");

  /** The first {@code 1.NN} in a name or tag: the Kubernetes minor the image was built for. */
  private static final Pattern MINOR = Pattern.compile("(?<![0-9.])v?1\\.([0-9]{1,2})(?![0-9])");

  private ImageChoice() {}

  /**
   * @return what is doubtful about the images, one sentence each; empty when they fit
   */
  static List<String> doubts(
      NodeBootstrap bootstrap,
      String version,
      Collection<String> imageIds,
      Map<String, MachineImage> found) {
    List<String> doubts = new ArrayList<>();
    for (String id : imageIds.stream().distinct().sorted().toList()) {
      MachineImage image = found.get(id);
      if (image == null) {
        doubts.add(id + " is not an image this account can launch in the region");
        continue;
      }
      Optional<String> builtFor = kubernetesMinor(image);
      boolean prebuilt = builtFor.isPresent() || LOOKS_PREBUILT.matcher(image.name()).matches();
      if (bootstrap == NodeBootstrap.PREINSTALLED && !prebuilt) {
        doubts.add(
            id
                + " ("
                + image.name()
                + ") does not look like an image with kubeadm, kubelet and containerd"
                + " preinstalled (such as image-builder's capa-ami-*); for a stock image set"
                + " selfManaged.bootstrap: install");
      } else if (bootstrap == NodeBootstrap.PREINSTALLED
          && builtFor.isPresent()
          && !builtFor.get().equals(minor(version))) {
        doubts.add(
            id
                + " ("
                + image.name()
                + ") was built for Kubernetes "
                + builtFor.get()
                + ", the cluster runs "
                + minor(version));
      }
    }
    return doubts;
  }

  private static Optional<String> kubernetesMinor(MachineImage image) {
    for (Map.Entry<String, String> tag : image.tags().entrySet()) {
      if (tag.getKey().toLowerCase(Locale.ROOT).equals("kubernetes_version")) {
        Matcher m = MINOR.matcher(tag.getValue());
        if (m.find()) {
          return Optional.of("1." + m.group(1));
        }
      }
    }
    if (LOOKS_PREBUILT.matcher(image.name()).matches()) {
      Matcher m = MINOR.matcher(image.name());
      if (m.find()) {
        return Optional.of("1." + m.group(1));
      }
    }
    return Optional.empty();
  }

  private static String minor(String version) {
    Matcher m = MINOR.matcher(version);
    return m.find() ? "1." + m.group(1) : version;
  }
}
