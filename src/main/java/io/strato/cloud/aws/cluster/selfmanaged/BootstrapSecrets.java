package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.secrets.InstanceRoles;
import io.strato.cloud.aws.secrets.ReadersOnlyPolicy;
import io.strato.cloud.aws.secrets.Secrets;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The two Secrets Manager secrets of a self-managed cluster, in the spirit of Cluster API's AWS
 * provider (which keeps each machine's bootstrap data in Secrets Manager and puts only the secret's
 * ARN in user data):
 *
 * <ul>
 *   <li>{@code .../pki}: the shared control-plane keys ({@link ClusterPki}), readable only by the
 *       control-plane instance role. Written once; the CA hash rides along as a tag, so Strato
 *       renders the join configuration after a restart without reading the value back.
 *   <li>{@code .../join-token}: the current bootstrap token and its expiry ({@link
 *       BootstrapToken}), readable by the control-plane role and every worker group's role.
 *       Replaced in place when its window ends; the window number is a tag, so an unchanged window
 *       costs no write.
 * </ul>
 *
 * Neither value is ever read by Strato, so each secret's resource policy denies {@code
 * GetSecretValue} to every principal but the node roles (see {@link ReadersOnlyPolicy}). Renewal
 * writes the secret, not the launch templates: the user data names the secret, not the token, so a
 * renewal rolls no launch template version and no instance.
 */
final class BootstrapSecrets {

  static final String CA_HASH_TAG = "strato.io/ca-cert-hash";
  static final String TOKEN_WINDOW_TAG = "strato.io/token-window";

  /** A digest of the instance profiles the policy was written for. */
  static final String READERS_TAG = "strato.io/readers";

  private static final Logger LOG = Logger.getLogger(BootstrapSecrets.class);

  /**
   * While the window and the readers stay the same, a full check (two {@code DescribeSecret}) runs
   * once in this many polls; the polls between trust the last one. A restart checks at once.
   */
  static final int POLLS_PER_CHECK = 10;

  /** What the user data needs: where to fetch, and the public hash to pin. */
  record Handles(String pkiArn, String tokenArn, String caCertHash) {}

  /** What the last full check of a cluster found, and for which window and readers. */
  private record Checked(Handles handles, long window, String readers, int polls) {}

  private final Map<String, Checked> checked = new ConcurrentHashMap<>();

  private final Secrets secrets;
  private final InstanceRoles roles;
  private final byte[] bootstrapKey;
  private final Clock clock;
  private final Duration tokenTtl;

  BootstrapSecrets(AwsClients clients, byte[] bootstrapKey, Clock clock, Duration tokenTtl) {
    this(clients, new InstanceRoles(clients.iam()), bootstrapKey, clock, tokenTtl);
  }

  /**
   * @param roles shared with the snapshot bucket, which names the control plane's role too
   */
  BootstrapSecrets(
      AwsClients clients,
      InstanceRoles roles,
      byte[] bootstrapKey,
      Clock clock,
      Duration tokenTtl) {
    this.secrets = new Secrets(clients.secretsManager());
    this.roles = roles;
    this.bootstrapKey = bootstrapKey;
    this.clock = clock;
    this.tokenTtl = tokenTtl;
  }

  static String pkiName(ClusterContext cluster) {
    return prefix(cluster) + "/pki";
  }

  static String tokenName(ClusterContext cluster) {
    return prefix(cluster) + "/join-token";
  }

  /** Finds or creates both secrets, renews the token when its window ended, fixes the policies. */
  Handles ensure(ClusterContext cluster, ControlPlaneSettings settings) {
    return ensure(cluster, settings, false);
  }

  /**
   * @param firstPass this reconcile created the cluster's API load balancer, which comes before the
   *     secrets: no earlier pass got as far as the secrets, so each is created without a look first
   *     (a DescribeSecret each). Only a hint: a secret that exists all the same (the load balancer
   *     deleted by hand after an earlier pass) makes CreateSecret answer ResourceExists, and it is
   *     read then, as before; the CA generated for the refused create is dropped.
   */
  Handles ensure(ClusterContext cluster, ControlPlaneSettings settings, boolean firstPass) {
    String controlPlane = settings.spec().instanceProfile();
    SortedSet<String> tokenReaders = new TreeSet<>();
    tokenReaders.add(controlPlane);
    ClusterNodeGroups.of(cluster.spec()).stream()
        .map(ClusterNodeGroupDto::instanceProfile)
        .forEach(tokenReaders::add);
    BootstrapToken token =
        BootstrapToken.current(bootstrapKey, cluster.uid(), clock.instant(), tokenTtl);
    String readers = controlPlane + "|" + String.join(",", tokenReaders);
    Checked last = checked.get(cluster.uid());
    if (last != null
        && last.window() == token.window()
        && last.readers().equals(readers)
        && last.polls() + 1 < POLLS_PER_CHECK) {
      checked.put(
          cluster.uid(), new Checked(last.handles(), last.window(), readers, last.polls() + 1));
      return last.handles();
    }
    Handles handles = check(cluster, controlPlane, tokenReaders, token, firstPass && last == null);
    checked.put(cluster.uid(), new Checked(handles, token.window(), readers, 0));
    return handles;
  }

  /** Drops what {@link #ensure} remembers of a cluster (it is being deleted). */
  void forget(String clusterUid) {
    checked.remove(clusterUid);
  }

  private Handles check(
      ClusterContext cluster,
      String controlPlane,
      SortedSet<String> tokenReaders,
      BootstrapToken token,
      boolean createFirst) {
    Secrets.Observed pki =
        find(pkiName(cluster), createFirst)
            .orElseGet(
                () -> {
                  ClusterPki generated = ClusterPki.generate(clock.instant());
                  Map<String, String> tags = tags(cluster);
                  tags.put(CA_HASH_TAG, generated.caCertHash());
                  LOG.infof("cluster %s: created its CAs, %s", cluster.name(), generated);
                  return secrets.create(
                      pkiName(cluster),
                      "Shared control-plane keys of Strato cluster " + cluster.name(),
                      generated.bundle(),
                      tags);
                });
    String caCertHash = pki.tags().get(CA_HASH_TAG);
    if (caCertHash == null || !caCertHash.matches("sha256:[0-9a-f]{64}")) {
      // Strato cannot read the value back (the policy denies it), so the hash cannot be recovered.
      throw new CloudException.InvalidRequest(
          "aws",
          "DescribeSecret",
          "BootstrapSecretDamaged",
          "secret "
              + pki.name()
              + " lost its "
              + CA_HASH_TAG
              + " tag; put it back (kubeadm's hash of the CA in the secret) or delete the cluster",
          null);
    }
    // One IAM read per profile per check, though the control plane's serves both policies.
    Map<String, String> roleOf = new HashMap<>();
    ensureReaders(pki, new TreeSet<>(List.of(controlPlane)), roleOf);

    Secrets.Observed joinToken =
        find(tokenName(cluster), createFirst)
            .orElseGet(
                () -> {
                  Map<String, String> tags = tags(cluster);
                  tags.put(TOKEN_WINDOW_TAG, Long.toString(token.window()));
                  return secrets.create(
                      tokenName(cluster),
                      "kubeadm join token of Strato cluster " + cluster.name(),
                      token.secretValue(),
                      tags);
                });
    renew(cluster, joinToken, token);
    ensureReaders(joinToken, tokenReaders, roleOf);
    return new Handles(pki.arn(), joinToken.arn(), caCertHash);
  }

  /** The secret, or empty without a look when {@code createFirst} (create then finds a twin). */
  private Optional<Secrets.Observed> find(String name, boolean createFirst) {
    return createFirst ? Optional.empty() : secrets.find(name);
  }

  /** Deletes both; absent is success. */
  void delete(ClusterContext cluster) {
    // No recovery window: nothing else holds a copy, and a deleted cluster's CA key and token have
    // no legitimate reader left; a window would keep them restorable (and their names taken) for
    // at least seven days after the cluster is gone.
    secrets.deleteForGood(tokenName(cluster));
    secrets.deleteForGood(pkiName(cluster));
  }

  /**
   * Writes the current window's token when the secret holds an older one. The value first, then the
   * tag: a crash between the two leaves an old tag, and the retry writes the same version again
   * (same version id), which Secrets Manager takes as a no-op. A window tag newer than ours
   * (another replica with a clock ahead) is left alone: never go back to an older token.
   */
  private void renew(ClusterContext cluster, Secrets.Observed secret, BootstrapToken token) {
    long stored;
    try {
      stored = Long.parseLong(secret.tags().getOrDefault(TOKEN_WINDOW_TAG, "-1"));
    } catch (NumberFormatException e) {
      stored = -1;
    }
    if (stored >= token.window()) {
      return;
    }
    String versionId =
        UUID.nameUUIDFromBytes(
                (cluster.uid() + "/" + token.window()).getBytes(StandardCharsets.UTF_8))
            .toString();
    secrets.putValue(secret.arn(), token.secretValue(), versionId);
    secrets.tag(secret.arn(), Map.of(TOKEN_WINDOW_TAG, Long.toString(token.window())));
    LOG.infof("cluster %s: bootstrap token renewed, %s", cluster.name(), token);
  }

  /**
   * Rewrites the resource policy when the set of instance profiles changed. Compared by a tag
   * holding their digest, so an unchanged set costs no IAM call; the tag is written after the
   * policy, so a crash between the two only repeats the write. (A role swapped inside an unchanged
   * profile is not noticed until the profile set changes.)
   */
  private void ensureReaders(
      Secrets.Observed secret, SortedSet<String> profiles, Map<String, String> roleOf) {
    String digest = digest(String.join("\n", profiles));
    if (digest.equals(secret.tags().get(READERS_TAG))) {
      return;
    }
    List<String> roleArns =
        profiles.stream().map(p -> roleOf.computeIfAbsent(p, roles::roleArnOf)).distinct().toList();
    secrets.putPolicy(secret.arn(), ReadersOnlyPolicy.of(roleArns));
    secrets.tag(secret.arn(), Map.of(READERS_TAG, digest));
  }

  private static Map<String, String> tags(ClusterContext cluster) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (cluster.spec().tags() != null) {
      tags.putAll(cluster.spec().tags());
    }
    // Ownership last, so a user tag cannot overwrite it.
    tags.putAll(cluster.owner().tags());
    return tags;
  }

  /** The cluster's UID makes a name of its own: a cluster created again under the same name. */
  private static String prefix(ClusterContext cluster) {
    return "strato/" + cluster.name() + "/" + cluster.uid();
  }

  private static String digest(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
