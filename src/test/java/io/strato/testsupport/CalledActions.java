package io.strato.testsupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.aws.CloudCallMetrics;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Every AWS action ({@code Service:Operation}, e.g. {@code Ec2:DescribeSubnets}) that Strato's own
 * code has called in this JVM, so the test build can check them against the shipped IAM policy. A
 * test aid: it observes {@link CloudCallMetrics} (the one place every SDK and JSON-RPC call is
 * counted) through the observer list that the tests' clients ({@link MotoServer}) and the
 * {@code @QuarkusTest} application ({@link CalledActionsObserver}) install; production code never
 * sees it.
 *
 * <p>Only calls made inside {@code AwsErrors.call} count: every call of Strato's goes through it,
 * while tests set their scene and look at AWS with the SDK directly, which must not widen the
 * policy. Telling them apart takes a stack walk, which is why this lives here and not on the
 * production call path.
 *
 * <p>The set lives in the platform MBean server, not in a static field: Quarkus tests load Strato's
 * classes in their own class loader, so a static set would be one per loader and the calls of the
 * {@code @QuarkusTest} application would be missed. Each loader's copy of this class remembers what
 * it already passed on, so the MBean sees each action once per loader. Failures to reach JMX are
 * ignored: this is a test aid and must never break a call.
 */
public final class CalledActions {

  /** The JVM-wide store; public because JMX requires the MBean interface to be. */
  public interface StoreMBean {
    void add(String action);

    String[] getActions();
  }

  static final class Store implements StoreMBean {
    private final Set<String> actions = ConcurrentHashMap.newKeySet();

    @Override
    public void add(String action) {
      actions.add(action);
    }

    @Override
    public String[] getActions() {
      return actions.toArray(String[]::new);
    }
  }

  private static final String THROUGH = "io.strato.cloud.aws.AwsErrors";
  private static final Set<String> passedOn = ConcurrentHashMap.newKeySet();
  private static final ObjectName NAME = name();

  /** Set while a test looks at AWS from inside one of Strato's calls (an SDK interceptor). */
  private static final ThreadLocal<Boolean> testLooking = ThreadLocal.withInitial(() -> false);

  private CalledActions() {}

  /**
   * Runs a test's own look at AWS that happens inside one of Strato's calls (an interceptor that
   * samples the cloud before a request goes out): its calls are the test's, not Strato's, and must
   * not widen the policy.
   */
  public static void asTheTest(Runnable look) {
    boolean outer = testLooking.get();
    testLooking.set(true);
    try {
      look.run();
    } finally {
      testLooking.set(outer);
    }
  }

  /** Fresh call metrics whose calls are also recorded here. */
  public static CloudCallMetrics metrics() {
    return new CloudCallMetrics(new SimpleMeterRegistry(), List.of(CalledActions::record));
  }

  /** Records one SDK call if Strato's code made it; cheap after the first call of an action. */
  public static void record(String service, String operation) {
    if (service == null || operation == null || NAME == null) {
      return;
    }
    String action = service + ":" + operation;
    if (testLooking.get() || passedOn.contains(action) || !madeByStrato()) {
      return;
    }
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      register(server);
      server.invoke(NAME, "add", new Object[] {action}, new String[] {String.class.getName()});
      passedOn.add(action);
    } catch (JMException | RuntimeException e) {
      // a test aid: never let it fail a cloud call
    }
  }

  /** The actions recorded so far in this JVM, sorted. */
  public static SortedSet<String> snapshot() {
    if (NAME == null) {
      return new TreeSet<>();
    }
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      register(server);
      return new TreeSet<>(Arrays.asList((String[]) server.getAttribute(NAME, "Actions")));
    } catch (JMException | RuntimeException e) {
      return new TreeSet<>();
    }
  }

  private static boolean madeByStrato() {
    return StackWalker.getInstance()
        .walk(frames -> frames.anyMatch(f -> f.getClassName().equals(THROUGH)));
  }

  private static void register(MBeanServer server) throws JMException {
    if (server.isRegistered(NAME)) {
      return;
    }
    try {
      server.registerMBean(new StandardMBean(new Store(), StoreMBean.class), NAME);
    } catch (InstanceAlreadyExistsException raced) {
      // another loader's copy registered it first: use theirs
    }
  }

  private static ObjectName name() {
    try {
      return new ObjectName("io.strato:type=CalledActions");
    } catch (JMException e) {
      return null;
    }
  }
}
