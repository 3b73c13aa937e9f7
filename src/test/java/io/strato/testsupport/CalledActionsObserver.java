package io.strato.testsupport;

import io.strato.cloud.aws.CloudCallMetrics;
import jakarta.inject.Singleton;

/**
 * Installs {@link CalledActions} in every {@code @QuarkusTest} application: {@code CloudProducers}
 * passes each {@link CloudCallMetrics.Observer} bean to the call metrics. A test class, so no
 * production build has it.
 */
@Singleton
public class CalledActionsObserver implements CloudCallMetrics.Observer {

  @Override
  public void called(String service, String operation) {
    CalledActions.record(service, operation);
  }
}
