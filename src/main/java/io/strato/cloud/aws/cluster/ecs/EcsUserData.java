package io.strato.cloud.aws.cluster.ecs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user data of an ECS capacity instance. The ECS agent registers with the cluster named by
 * {@code ECS_CLUSTER} in {@code /etc/ecs/ecs.config}, or with a cluster called {@code default} when
 * none is set: a user's own user data that forgets the line would leave every instance outside the
 * cluster, so Strato adds it unless the user set it.
 */
final class EcsUserData {

  private static final String BOUNDARY = "==STRATO-ECS==";
  private static final Pattern MIME_BOUNDARY =
      Pattern.compile("(?im)^content-type:\\s*multipart/mixed;.*boundary=\"?([^\"\\s;]+)\"?");

  private EcsUserData() {}

  /** What the instances run when the user gives nothing: only the agent's cluster. */
  static String rendered(String ecsCluster) {
    return "#!/bin/bash\n" + line(ecsCluster);
  }

  /**
   * @param own the user's user data, or null
   * @return theirs with the cluster line added (first, so a script that exits early still joins),
   *     or as is when it already sets {@code ECS_CLUSTER}
   */
  static String merged(String ecsCluster, String own) {
    if (own == null) {
      return rendered(ecsCluster);
    }
    if (own.contains("ECS_CLUSTER=")) {
      return own;
    }
    if (own.startsWith("#!")) {
      int eol = own.indexOf('\n');
      return eol < 0
          ? own + "\n" + line(ecsCluster)
          : own.substring(0, eol + 1) + line(ecsCluster) + own.substring(eol + 1);
    }
    Matcher mime = MIME_BOUNDARY.matcher(own);
    if (mime.find()) {
      // Already a cloud-init multi-part archive: our script becomes its first part.
      String first = "--" + mime.group(1);
      int at = own.indexOf(first, mime.end());
      if (at >= 0) {
        return own.substring(0, at) + part(first, ecsCluster) + own.substring(at);
      }
    }
    // cloud-config or another cloud-init format: a multi-part archive of our script and theirs,
    // which cloud-init runs part by part.
    return "Content-Type: multipart/mixed; boundary=\""
        + BOUNDARY
        + "\"\nMIME-Version: 1.0\n\n"
        + part("--" + BOUNDARY, ecsCluster)
        + "--"
        + BOUNDARY
        + "\nContent-Type: "
        + contentType(own)
        + "; charset=\"us-ascii\"\n\n"
        + own
        + (own.endsWith("\n") ? "" : "\n")
        + "--"
        + BOUNDARY
        + "--\n";
  }

  private static String part(String delimiter, String ecsCluster) {
    return delimiter
        + "\nContent-Type: text/x-shellscript; charset=\"us-ascii\"\n\n"
        + rendered(ecsCluster)
        + "\n";
  }

  private static String contentType(String own) {
    if (own.startsWith("#cloud-boothook")) {
      return "text/cloud-boothook";
    }
    if (own.startsWith("#include")) {
      return "text/x-include-url";
    }
    return "text/cloud-config";
  }

  private static String line(String ecsCluster) {
    return "echo ECS_CLUSTER=" + ecsCluster + " >> /etc/ecs/ecs.config\n";
  }
}
