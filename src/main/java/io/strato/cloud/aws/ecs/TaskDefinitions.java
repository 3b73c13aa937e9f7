package io.strato.cloud.aws.ecs;

import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.RecentlyUsed;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/**
 * Task definitions: Strato's inline ones are registered only when their content differs from the
 * family's latest ACTIVE revision, so a reconcile (or a restart after a crash between register and
 * UpdateService) never piles up identical revisions.
 */
public final class TaskDefinitions {

  /** Enough revisions for every service of a large account; the eldest goes first. */
  private static final int REMEMBERED = 10_000;

  private final EcsClient ecs;

  /**
   * The content of revisions this process registered or read, by ARN. A revision never changes, so
   * an entry stays true; it only saves reading a revision again, and a restart starts empty.
   */
  private final Map<String, TaskDefinitionSpec> seen = RecentlyUsed.synchronizedMap(REMEMBERED);

  /**
   * The ACTIVE families under a prefix as this process last listed them, kept in step with its own
   * registers and deregisters. The prefixes are a cluster's own (no one else registers under them),
   * so a poll need not list again; a restart starts empty and lists once.
   */
  private final Map<String, Set<String>> families = RecentlyUsed.synchronizedMap(REMEMBERED);

  public TaskDefinitions(EcsClient ecs) {
    this.ecs = ecs;
  }

  /**
   * A revision with the spec's content, without registering one: the revision the service runs when
   * this process has seen it hold that content, else the family's latest ACTIVE revision if it
   * matches (two reads).
   *
   * @param running the revision the service runs now, or null
   */
  public Optional<String> matching(TaskDefinitionSpec spec, String running) {
    return matching(spec, running, null);
  }

  /**
   * @param activeFamilies the ACTIVE families of the spec's prefix, just listed: a family not among
   *     them has no revision to read (null: not known, read)
   */
  public Optional<String> matching(
      TaskDefinitionSpec spec, String running, Collection<String> activeFamilies) {
    if (running != null && spec.equals(seen.get(running))) {
      return Optional.of(running);
    }
    if (activeFamilies != null && !activeFamilies.contains(spec.family())) {
      return Optional.empty();
    }
    Optional<TaskDefinition> latest = latestActive(spec.family());
    if (latest.isPresent() && matches(spec, latest.get())) {
      String arn = latest.get().taskDefinitionArn();
      seen.put(arn, spec);
      return Optional.of(arn);
    }
    return Optional.empty();
  }

  /** The family's highest ACTIVE revision, if it has one. */
  public Optional<TaskDefinition> latestActive(String family) {
    Optional<String> arn =
        activeArns(family).stream().max(Comparator.comparingInt(TaskDefinitions::revision));
    return arn.map(this::describe);
  }

  public TaskDefinition describe(String taskDefinition) {
    return AwsErrors.call(
            "DescribeTaskDefinition",
            () -> ecs.describeTaskDefinition(r -> r.taskDefinition(taskDefinition)))
        .taskDefinition();
  }

  /**
   * @return the new revision's ARN
   */
  public String register(TaskDefinitionSpec spec, Map<String, String> tags) {
    String arn =
        AwsErrors.call(
                "RegisterTaskDefinition",
                () ->
                    ecs.registerTaskDefinition(
                        r ->
                            r.family(spec.family())
                                .networkMode(TaskDefinitionSpec.NETWORK_MODE)
                                .containerDefinitions(container(spec))
                                .tags(EcsTags.of(tags))))
            .taskDefinition()
            .taskDefinitionArn();
    seen.put(arn, spec);
    synchronized (families) {
      families.forEach(
          (prefix, known) -> {
            if (spec.family().startsWith(prefix)) {
              known.add(spec.family());
            }
          });
    }
    return arn;
  }

  /** Whether a registered revision says what the spec says. */
  public static boolean matches(TaskDefinitionSpec spec, TaskDefinition observed) {
    if (!TaskDefinitionSpec.NETWORK_MODE.equals(observed.networkModeAsString())
        || observed.containerDefinitions().size() != 1) {
      return false;
    }
    ContainerDefinition c = observed.containerDefinitions().get(0);
    Map<String, String> env = new TreeMap<>();
    c.environment().forEach(kv -> env.put(kv.name(), kv.value()));
    Integer port = c.portMappings().isEmpty() ? null : c.portMappings().get(0).containerPort();
    return spec.containerName().equals(c.name())
        && spec.image().equals(c.image())
        && c.cpu() != null
        && spec.cpu() == c.cpu()
        && c.memory() != null
        && spec.memory() == c.memory()
        && java.util.Objects.equals(spec.port(), port)
        && c.portMappings().size() <= 1
        && spec.environment().equals(env);
  }

  /**
   * The ACTIVE families whose names start with the prefix: listed once per prefix and process, then
   * kept from this process's own registers and deregisters.
   */
  public List<String> families(String prefix) {
    Set<String> known = families.get(prefix);
    if (known != null) {
      synchronized (families) {
        return List.copyOf(known);
      }
    }
    List<String> listed = listFamilies(prefix);
    families.put(prefix, new TreeSet<>(listed));
    return listed;
  }

  /**
   * Records that no family lives under {@code prefix} yet, without listing: for a prefix that holds
   * a hash of a cluster's UID, when this process just created that cluster (its families are
   * registered after it, so none can predate it). A family left by an earlier cluster object of the
   * same UID deleted by hand is not seen until a restart lists again; the cost is one more revision
   * registered, never a service without one.
   */
  public void prefixCreated(String prefix) {
    families.put(prefix, new TreeSet<>());
  }

  private List<String> listFamilies(String prefix) {
    return AwsErrors.call(
        "ListTaskDefinitionFamilies",
        () ->
            ecs
                .listTaskDefinitionFamiliesPaginator(
                    r -> r.familyPrefix(prefix).status(TaskDefinitionFamilyStatus.ACTIVE))
                .families()
                .stream()
                .filter(f -> f.startsWith(prefix))
                .toList());
  }

  /** Deregisters every ACTIVE revision of the family. */
  public int deregisterFamily(String family) {
    List<String> arns = activeArns(family);
    for (String arn : arns) {
      AwsErrors.run(
          "DeregisterTaskDefinition",
          () -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn)));
    }
    synchronized (families) {
      families.values().forEach(known -> known.remove(family));
    }
    return arns.size();
  }

  private List<String> activeArns(String family) {
    return AwsErrors.call(
        "ListTaskDefinitions",
        () ->
            new ArrayList<>(
                ecs
                    .listTaskDefinitionsPaginator(
                        r -> r.familyPrefix(family).status(TaskDefinitionStatus.ACTIVE))
                    .taskDefinitionArns()
                    .stream()
                    // familyPrefix is the exact family on AWS; the check keeps it so elsewhere.
                    .filter(arn -> family.equals(familyOf(arn)))
                    .toList()));
  }

  private static ContainerDefinition container(TaskDefinitionSpec spec) {
    ContainerDefinition.Builder c =
        ContainerDefinition.builder()
            .name(spec.containerName())
            .image(spec.image())
            .cpu(spec.cpu())
            .memory(spec.memory())
            .essential(true)
            .environment(
                spec.environment().entrySet().stream()
                    .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build())
                    .toList());
    if (spec.port() != null) {
      // Host port 0: a dynamic port, so tasks can share an instance behind the target group.
      c.portMappings(
          PortMapping.builder()
              .containerPort(spec.port())
              .hostPort(0)
              .protocol(TransportProtocol.TCP)
              .build());
    }
    return c.build();
  }

  /** {@code arn:...:task-definition/family:7} → family. */
  static String familyOf(String arn) {
    String tail = arn.substring(arn.lastIndexOf('/') + 1);
    int colon = tail.lastIndexOf(':');
    return colon < 0 ? tail : tail.substring(0, colon);
  }

  static int revision(String arn) {
    int colon = arn.lastIndexOf(':');
    try {
      return Integer.parseInt(arn.substring(colon + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
