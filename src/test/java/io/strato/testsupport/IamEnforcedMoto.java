package io.strato.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.cloud.aws.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * A moto server of its own in IAM mode, where every request is authorized against the caller's IAM
 * policies, with two users: {@code admin} (everything; for fixtures and read-backs) and {@code
 * strato}, holding nothing but {@code providers/aws/iam-policy.json}.
 *
 * <p>moto (5.2) evaluates a policy's Action and Effect and the request signature, but checks EC2,
 * ELB, Auto Scaling, EKS and ECS requests against Resource {@code "*"} and ignores conditions. So
 * {@code strato} holds the policy with every Resource widened to {@code "*"} ({@link #widened}):
 * what a test here proves is that no action on the code path is missing. docs/iam-policy.md lists
 * what moto does and does not check.
 */
public final class IamEnforcedMoto implements AutoCloseable {

  public static final Path POLICY = Path.of("providers", "aws", "iam-policy.json");
  private static final String EVERYTHING =
      "{\"Version\":\"2012-10-17\",\"Statement\":"
          + "[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

  private final MotoServer server;
  private final AwsClients admin;
  private final AwsClients strato;

  private IamEnforcedMoto(MotoServer server, AwsClients admin, AwsClients strato) {
    this.server = server;
    this.admin = admin;
    this.strato = strato;
  }

  public static IamEnforcedMoto start() {
    MotoServer server = MotoServer.isolated();
    AccessKey admin = user(server, "admin", EVERYTHING);
    AccessKey strato = user(server, "strato", widened(POLICY));
    server.enforceIam(true);
    return new IamEnforcedMoto(
        server, server.clients(credentials(admin)), server.clients(credentials(strato)));
  }

  /** Clients of a user holding everything, for setting the scene and reading it back. */
  public AwsClients admin() {
    return admin;
  }

  /** Clients of the user holding only Strato's policy: give these to the code under test. */
  public AwsClients strato() {
    return strato;
  }

  /** Clients of a new user holding {@code policy} exactly as given. */
  public AwsClients userHolding(String name, String policy) {
    server.enforceIam(false);
    try {
      return server.clients(credentials(user(server, name, policy)));
    } finally {
      server.enforceIam(true);
    }
  }

  /** The policy file with every Resource set to "*", the only resource moto compares against. */
  public static String widened(Path policy) {
    try {
      ObjectMapper json = new ObjectMapper();
      ObjectNode doc = (ObjectNode) json.readTree(policy.toFile());
      doc.withArray("Statement").forEach(s -> ((ObjectNode) s).put("Resource", "*"));
      return json.writeValueAsString(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The policy file as written. */
  public static String asWritten(Path policy) {
    try {
      return Files.readString(policy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates the user with an inline policy and an access key; IAM mode must be off. */
  private static AccessKey user(MotoServer server, String name, String policy) {
    try (IamClient iam =
        IamClient.builder()
            .region(Region.AWS_GLOBAL)
            .endpointOverride(server.endpoint())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      iam.createUser(r -> r.userName(name));
      iam.putUserPolicy(r -> r.userName(name).policyName(name).policyDocument(policy));
      return iam.createAccessKey(r -> r.userName(name)).accessKey();
    }
  }

  private static StaticCredentialsProvider credentials(AccessKey key) {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
  }

  @Override
  public void close() {
    admin.close();
    strato.close();
    server.stop();
  }
}
