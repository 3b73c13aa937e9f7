package io.strato.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.utils.ScheduledExecutorUtils;

/**
 * AWS throttles per account and region, so retries must share one backoff: when the EC2 client has
 * spent the retry budget on failures, the load balancer client must stop retrying too. The SDK
 * copies the strategy it is given into each client (adding its defaults), but the copies keep the
 * same token bucket and rate limiter, and the SDK asks for tokens under one scope; these tests hold
 * it to that through the strategies the built clients actually use.
 */
class AwsClientsTest {

  private static final AwsServiceException SERVER_ERROR =
      (AwsServiceException)
          AwsServiceException.builder()
              .statusCode(500)
              .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalError").build())
              .build();

  @Test
  void aRetryBudgetSpentThroughOneServiceIsSpentForAll() {
    try (AwsClients clients = clients();
        AwsClients otherAccount = clients()) {
      exhaustRetryBudget(strategyOf(clients.ec2()));

      assertThat(grantsARetry(strategyOf(clients.elb()))).isFalse();
      assertThat(grantsARetry(strategyOf(clients.autoScaling()))).isFalse();
      assertThat(grantsARetry(strategyOf(clients.eks()))).isFalse();
      assertThat(grantsARetry(strategyOf(clients.ecs()))).isFalse();
      // Another account or region (another AwsClients) keeps its own budget.
      assertThat(grantsARetry(strategyOf(otherAccount.elb()))).isTrue();
    }
  }

  @Test
  void theSharedStrategyKeepsTheConfiguredAttempts() {
    try (AwsClients clients = clients()) {
      assertThat(strategyOf(clients.ecs()).maxAttempts()).isEqualTo(4);
      assertThat(strategyOf(clients.ec2()).maxAttempts()).isEqualTo(4);
    }
  }

  /**
   * Building the five clients was 1.7 s of start-up; a client is built by its first call, once, and
   * only built clients need closing.
   */
  @Test
  void aClientIsBuiltByItsFirstCallOnly() {
    try (AwsClients clients = clients()) {
      assertThat(clients.clientsBuilt()).isZero();

      var elb = clients.elb();
      assertThat(clients.clientsBuilt()).isEqualTo(1);
      assertThat(clients.elb()).isSameAs(elb);
      assertThat(clients.clientsBuilt()).isEqualTo(1);
    }
  }

  /**
   * The SDK builds a five-thread scheduler per client for call timeouts unless given one: every
   * client here shares one, and it is stopped with the clients.
   */
  @Test
  void everyClientTimesItsCallsOnOneSharedScheduler() {
    ScheduledExecutorService timeouts;
    try (AwsClients clients = clients()) {
      timeouts = schedulerOf(clients.ec2());
      assertThat(schedulerOf(clients.elb())).isSameAs(timeouts);
      assertThat(schedulerOf(clients.autoScaling())).isSameAs(timeouts);
      assertThat(schedulerOf(clients.eks())).isSameAs(timeouts);
    }
    assertThat(timeouts.isShutdown()).isTrue();
  }

  /** The scheduler the client was given (the SDK wraps it so that closing a client spares it). */
  private static ScheduledExecutorService schedulerOf(SdkClient client) {
    return ScheduledExecutorUtils.unwrapUnmanagedScheduledExecutor(
        client
            .serviceClientConfiguration()
            .overrideConfiguration()
            .scheduledExecutorService()
            .orElseThrow());
  }

  private static void exhaustRetryBudget(RetryStrategy strategy) {
    for (int i = 0; i < 10_000; i++) {
      if (!grantsARetry(strategy)) {
        return;
      }
    }
    throw new AssertionError("the retry budget never ran out");
  }

  private static boolean grantsARetry(RetryStrategy strategy) {
    // The scope the SDK's retry stage uses for every request.
    RetryToken token =
        strategy.acquireInitialToken(AcquireInitialTokenRequest.create("GLOBAL")).token();
    try {
      strategy.refreshRetryToken(
          RefreshRetryTokenRequest.builder().token(token).failure(SERVER_ERROR).build());
      return true;
    } catch (TokenAcquisitionFailedException budgetSpent) {
      return false;
    }
  }

  private static RetryStrategy strategyOf(SdkClient client) {
    return client
        .serviceClientConfiguration()
        .overrideConfiguration()
        .retryStrategy()
        .orElseThrow();
  }

  private static AwsClients clients() {
    AwsSettings settings =
        new AwsSettings(
            "eu-west-1",
            Optional.of(URI.create("http://127.0.0.1:9")),
            Optional.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))),
            4);
    return new AwsClients(settings, new CloudCallMetrics(new SimpleMeterRegistry()));
  }
}
