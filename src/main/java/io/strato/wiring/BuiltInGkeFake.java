package io.strato.wiring;

import java.lang.reflect.InvocationTargetException;

/**
 * Strato's GKE fake ({@code io.strato.cloud.gcp.fake.FakeGke}), started by name. It is compiled for
 * dev mode and the tests but left out of the packaged jar ({@code
 * quarkus.package.jar.user-configured-ignored-entries}), as are the gRPC server stubs it extends (a
 * {@code provided} dependency): a production build has no in-memory GKE to fall back on, and no
 * class of this code base may name it, or the jar would not link.
 */
record BuiltInGkeFake(String endpoint, AutoCloseable server) implements AutoCloseable {

  static final String CLASS = "io.strato.cloud.gcp.fake.FakeGke";

  /** Starts the fake on a free local port. */
  static BuiltInGkeFake start() {
    Class<?> type;
    try {
      type = Class.forName(CLASS, true, BuiltInGkeFake.class.getClassLoader());
    } catch (ClassNotFoundException absent) {
      throw new IllegalStateException(
          "strato.gcp.emulator asks for Strato's built-in GKE fake, but this build does not carry"
              + " it: it exists only in dev mode (./mvnw quarkus:dev) and the tests. Set"
              + " strato.gcp.emulator=off and configure Google credentials or strato.gcp.endpoint",
          absent);
    }
    try {
      Object fake = type.getMethod("start", int.class).invoke(null, 0);
      String endpoint = (String) type.getMethod("endpoint").invoke(fake);
      return new BuiltInGkeFake(endpoint, (AutoCloseable) fake);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the built-in GKE fake did not start", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the built-in GKE fake has changed its start-up methods", e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("the built-in GKE fake did not stop", e);
    }
  }
}
