package io.strato.cloud.aws.cluster.selfmanaged;

import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.untilReady;
import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.withNodeGroups;
import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.withSelfManaged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.SelfManagedDto;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.TestClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * A self-managed cluster's bootstrap secrets against moto: where they are, who may read them, what
 * a node finds in them, what the user data carries (and does not), renewal, and deletion.
 */
class BootstrapSecretsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AwsClients clients;
  private SelfManagedFixture aws;
  private final TestClock clock = new TestClock(Instant.parse("2026-03-01T09:00:00Z"));

  @BeforeEach
  void freshAccount() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    clients = moto.clients();
    aws = new SelfManagedFixture(clients);
    clients.metrics().reset();
  }

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void aNodeFetchesItsSecretsByTheArnInItsUserDataAndTheUserDataHoldsNoSecret() throws Exception {
    ClusterContext cluster = aws.cluster();
    untilReady(SelfManagedFixture.driver(clients, clock), cluster);

    // Two secrets, tagged like everything else Strato creates.
    assertThat(aws.secretNames())
        .containsExactlyInAnyOrder(
            "strato/prod/" + cluster.uid() + "/pki",
            "strato/prod/" + cluster.uid() + "/join-token");
    for (String name : aws.secretNames()) {
      assertThat(tags(name))
          .containsEntry("strato.io/managed-by", "strato")
          .containsEntry("strato.io/owner", cluster.uid())
          .containsEntry("kubernetes.io/cluster/prod", "owned")
          .containsEntry("team", "platform");
    }

    // The node's view: the control-plane keys, one "path base64" line per file, as kubeadm names
    // them under /etc/kubernetes/pki...
    Map<String, String> pki = bundle(aws.secretValue(BootstrapSecrets.pkiName(cluster)));
    assertThat(pki.keySet())
        .containsExactlyInAnyOrder(
            "ca.crt",
            "ca.key",
            "etcd/ca.crt",
            "etcd/ca.key",
            "front-proxy-ca.crt",
            "front-proxy-ca.key",
            "sa.key",
            "sa.pub");
    X509Certificate ca = certificate(pki.get("ca.crt"));
    assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
    assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=kubernetes");
    // ...and the token with its expiry, 24 h after its window began.
    String[] token = aws.secretValue(BootstrapSecrets.tokenName(cluster)).split(" ");
    assertThat(token[0]).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
    assertThat(Instant.parse(token[1])).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));

    String hash = caHashOfStoredCa(aws, cluster);
    assertThat(hash).isEqualTo(opensslHash(pki.get("ca.crt")));
    String pkiArn = arn(BootstrapSecrets.pkiName(cluster));
    String tokenArn = arn(BootstrapSecrets.tokenName(cluster));
    for (String group : groupNames(cluster)) {
      String userData = aws.userData(group);
      assertThat(userData)
          .as(group)
          .contains("caCertHashes: [\"" + hash + "\"]")
          .contains("'" + tokenArn + "'")
          .doesNotContain("unsafeSkipCAVerification")
          .doesNotContain("upload-certs")
          .doesNotContain("certificateKey")
          .doesNotContain("${")
          .doesNotContain(token[0])
          .doesNotContain("PRIVATE KEY");
      for (String content : pki.values()) {
        assertThat(userData).doesNotContain(encoded(content));
      }
      assertThat(bashSyntaxErrors(userData)).as(group + ": bash -n").isEmpty();
      if (group.contains("-cp-")) {
        assertThat(userData).contains("'" + pkiArn + "'");
      } else {
        assertThat(userData)
            .as("a worker never learns where the CA keys are")
            .doesNotContain(pkiArn);
      }
    }
  }

  @Test
  void onlyTheClustersInstanceRolesMayReadAndOnlyTheControlPlaneReadsTheKeys() throws Exception {
    ClusterContext cluster = aws.cluster();
    untilReady(SelfManagedFixture.driver(clients, clock), cluster);
    String controlPlane = aws.roles.get(AwsFixtures.CONTROL_PLANE_PROFILE);
    String node = aws.roles.get(AwsFixtures.NODE_PROFILE);

    assertReaders(policy(BootstrapSecrets.pkiName(cluster)), List.of(controlPlane));
    assertReaders(policy(BootstrapSecrets.tokenName(cluster)), List.of(controlPlane, node));
  }

  @Test
  void controlPlaneMembersAnswerMetadataOnTheHostOnlyWorkersOneHopFurther() throws Exception {
    ClusterContext cluster = aws.cluster();
    untilReady(SelfManagedFixture.driver(clients, clock), cluster);

    for (String group : groupNames(cluster)) {
      LaunchTemplateVersion v = aws.versions(group).get(0);
      var metadata = v.launchTemplateData().metadataOptions();
      assertThat(metadata.httpTokensAsString()).as(group).isEqualTo("required");
      assertThat(metadata.httpPutResponseHopLimit())
          .as(group)
          .isEqualTo(group.contains("-cp-") ? 1 : 2);
    }
  }

  @Test
  void theTokenIsRenewedInTheSecretBeforeItExpiresAndNoLaunchTemplateChanges() throws Exception {
    ClusterContext cluster = aws.cluster();
    untilReady(SelfManagedFixture.driver(clients, clock), cluster);
    String first = aws.secretValue(BootstrapSecrets.tokenName(cluster));
    Instant firstExpires = Instant.parse(first.split(" ")[1]);

    // Within the window: nothing is written, by this process or by a restarted one.
    clock.advance(Duration.ofHours(2));
    clients.metrics().reset();
    SelfManagedFixture.driver(clients, clock).reconcile(cluster);
    assertThat(clients.metrics().snapshot().keySet())
        .filteredOn(k -> k.startsWith("SecretsManager:") || k.startsWith("Iam:"))
        .containsExactly("SecretsManager:DescribeSecret");
    assertThat(aws.secretValue(BootstrapSecrets.tokenName(cluster))).isEqualTo(first);

    // The window ends (half the TTL after it began): a new token, valid for a full TTL, while the
    // old one still has half a TTL to serve nodes that fetched it just before.
    clock.advance(Duration.ofHours(1));
    clients.metrics().reset();
    SelfManagedFixture.driver(clients, clock).reconcile(cluster);
    String second = aws.secretValue(BootstrapSecrets.tokenName(cluster));
    assertThat(second.split(" ")[0]).isNotEqualTo(first.split(" ")[0]);
    assertThat(Instant.parse(second.split(" ")[1]))
        .isEqualTo(firstExpires.plus(Duration.ofHours(12)));
    assertThat(firstExpires).isAfter(clock.instant());
    assertThat(clients.metrics().snapshot())
        .containsEntry("SecretsManager:PutSecretValue", 1L)
        .doesNotContainKey("Ec2:CreateLaunchTemplateVersion");
    for (String group : groupNames(cluster)) {
      assertThat(aws.versions(group)).as(group).hasSize(1);
    }

    // Strato down for three days: its first reconcile writes the current token, never an old one.
    clock.advance(Duration.ofDays(3));
    SelfManagedFixture.driver(clients, clock).reconcile(cluster);
    String later = aws.secretValue(BootstrapSecrets.tokenName(cluster));
    assertThat(Instant.parse(later.split(" ")[1]))
        .isAfter(clock.instant().plus(Duration.ofHours(12)).minusSeconds(1));
  }

  @Test
  void aNewWorkerGroupWithItsOwnProfileBecomesAReaderOfTheTokenOnly() throws Exception {
    ClusterContext cluster = aws.cluster();
    untilReady(SelfManagedFixture.driver(clients, clock), cluster);
    Map<String, String> gpu = AwsFixtures.nodeProfilesNamed(clients.iam(), "strato-gpu");
    ClusterNodeGroupDto extra = withProfile(aws.workers(1), "gpu", "strato-gpu");

    untilReady(
        SelfManagedFixture.driver(clients, clock),
        aws.cluster(s -> withNodeGroups(s, List.of(aws.workers(2), extra))));

    assertReaders(
        policy(BootstrapSecrets.tokenName(cluster)),
        List.of(
            aws.roles.get(AwsFixtures.CONTROL_PLANE_PROFILE),
            aws.roles.get(AwsFixtures.NODE_PROFILE),
            gpu.get("strato-gpu")));
    assertReaders(
        policy(BootstrapSecrets.pkiName(cluster)),
        List.of(aws.roles.get(AwsFixtures.CONTROL_PLANE_PROFILE)));
  }

  @Test
  void aGroupWithoutAnInstanceProfileIsRefusedBeforeAnyCloudCall() {
    SelfManagedDto sm = aws.selfManaged(3, null, null);
    SelfManagedDto noProfile =
        new SelfManagedDto(
            sm.replicas(),
            sm.imageId(),
            sm.instanceType(),
            null,
            sm.keyName(),
            sm.securityGroups(),
            sm.apiLoadBalancerScheme(),
            sm.podCidr(),
            sm.serviceCidr(),
            null,
            null);
    ClusterContext cluster = aws.cluster(s -> withSelfManaged(s, noProfile));

    assertThatThrownBy(() -> SelfManagedFixture.driver(clients, clock).reconcile(cluster))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> assertThat(e.reason()).isEqualTo("MissingInstanceProfile"))
        .hasMessageContaining("selfManaged.instanceProfile");
    assertThat(clients.metrics().total()).isZero();
  }

  @Test
  void deleteRemovesBothSecretsForGoodAfterTheControlPlane() throws Exception {
    ClusterContext cluster = aws.cluster();
    SelfManagedClusterDriver driver = SelfManagedFixture.driver(clients, clock);
    untilReady(driver, cluster);

    Deletion d = Deletion.IN_PROGRESS;
    for (int i = 0; i < 10 && d == Deletion.IN_PROGRESS; i++) {
      d = driver.delete(cluster);
      if (d == Deletion.IN_PROGRESS && !aws.groups().isEmpty()) {
        assertThat(aws.secretNames()).as("kept while a group may still launch a node").hasSize(2);
      }
    }

    assertThat(d).isEqualTo(Deletion.GONE);
    assertThat(aws.secretNames()).isEmpty();
    // Without a recovery window: the names are free at once, nothing is restorable.
    assertThatThrownBy(
            () ->
                clients
                    .secretsManager()
                    .describeSecret(r -> r.secretId(BootstrapSecrets.pkiName(cluster))))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  // --- helpers ---

  /** The hash kubeadm computes of the CA in the secret, as a node would after fetching it. */
  static String caHashOfStoredCa(SelfManagedFixture aws, ClusterContext cluster) throws Exception {
    X509Certificate ca =
        certificate(bundle(aws.secretValue(BootstrapSecrets.pkiName(cluster))).get("ca.crt"));
    return ClusterPki.caCertHash(ca.getPublicKey());
  }

  static Map<String, String> bundle(String value) {
    Map<String, String> files = new LinkedHashMap<>();
    for (String line : value.split("\n")) {
      String[] parts = line.split(" ", 2);
      files.put(
          parts[0], new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.US_ASCII));
    }
    return files;
  }

  static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  /** The hash as kubeadm's documentation computes it, with openssl. */
  static String opensslHash(String caPem) throws Exception {
    Path ca = Files.createTempFile("ca", ".crt");
    try {
      Files.writeString(ca, caPem);
      Process p =
          new ProcessBuilder(
                  "sh",
                  "-c",
                  "openssl x509 -pubkey -in '"
                      + ca
                      + "' | openssl rsa -pubin -outform der 2>/dev/null"
                      + " | openssl dgst -sha256 -hex | sed 's/^.* //'")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return "sha256:" + out;
    } finally {
      Files.deleteIfExists(ca);
    }
  }

  /** What {@code bash -n} says about a script: empty when it parses. */
  static String bashSyntaxErrors(String script) throws Exception {
    Path file = Files.createTempFile("user-data", ".sh");
    try {
      Files.writeString(file, script);
      Process p =
          new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return p.exitValue() == 0 ? "" : out + "(exit " + p.exitValue() + ")";
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static String encoded(String content) {
    return Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.US_ASCII));
  }

  private List<String> groupNames(ClusterContext cluster) {
    List<String> names = new ArrayList<>();
    AwsFixtures.ZONES.forEach(z -> names.add(ControlPlaneLayout.name(cluster, z)));
    names.add(ClusterNodeGroups.cloudName(cluster, "workers"));
    return names;
  }

  private Map<String, String> tags(String secret) {
    Map<String, String> out = new java.util.TreeMap<>();
    clients
        .secretsManager()
        .describeSecret(r -> r.secretId(secret))
        .tags()
        .forEach(t -> out.put(t.key(), t.value()));
    return out;
  }

  private String arn(String secret) {
    return clients.secretsManager().describeSecret(r -> r.secretId(secret)).arn();
  }

  private JsonNode policy(String secret) throws Exception {
    return JSON.readTree(
        clients.secretsManager().getResourcePolicy(r -> r.secretId(secret)).resourcePolicy());
  }

  /** An Allow for exactly these roles, and a Deny for every principal that is not one of them. */
  private static void assertReaders(JsonNode policy, List<String> roles) {
    JsonNode allow = policy.get("Statement").get(0);
    JsonNode deny = policy.get("Statement").get(1);
    assertThat(allow.get("Effect").asText()).isEqualTo("Allow");
    assertThat(allow.get("Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
    assertThat(texts(allow.get("Principal").get("AWS"))).isEqualTo(new TreeSet<>(roles));
    assertThat(deny.get("Effect").asText()).isEqualTo("Deny");
    assertThat(deny.get("Principal").asText()).isEqualTo("*");
    assertThat(deny.get("Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
    assertThat(texts(deny.get("Condition").get("StringNotEquals").get("aws:PrincipalArn")))
        .isEqualTo(new TreeSet<>(roles));
  }

  private static TreeSet<String> texts(JsonNode array) {
    TreeSet<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static ClusterNodeGroupDto withProfile(
      ClusterNodeGroupDto g, String name, String profile) {
    return new ClusterNodeGroupDto(
        name,
        g.imageId(),
        g.instanceType(),
        g.instanceTypes(),
        g.capacityType(),
        g.amiType(),
        g.diskSize(),
        g.nodeRole(),
        profile,
        g.keyName(),
        g.securityGroups(),
        g.userData(),
        g.subnetIds(),
        g.minSize(),
        g.maxSize(),
        g.desiredCapacity(),
        g.scaling(),
        g.nodeLabels(),
        g.nodeTaints(),
        g.updateConfig(),
        g.tags());
  }
}
