package io.strato.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.smallrye.jwt.build.Jwt;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}, built by the package phase
 * that runs before this benchmark) against moto, run with the JVM flags of the deployment manifest
 * and, for comparison, with the JVM's defaults: start-up time (median of five), create latency,
 * convergence through the real engine, idle AWS calls, GET throughput under {@code wrk} against the
 * liveness baseline of the same run, and memory with the CCM caching 1,000 Services (a Fabric8 mock
 * API server) and the store holding 1,000 resources.
 */
class PackagedJarBenchmark {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final String CLUSTER = "bench";
  private static final String LEASE = "strato-cloud-controller-manager";
  private static final int SERVICES = 1000;
  private static final int RESOURCES = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MotoServer moto = MotoServer.shared();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String token = adminToken();
  private URI base;

  /** The management interface of the same process: health and metrics. */
  private URI management;

  @Test
  void packagedJar() throws Exception {
    moto.reset();
    AwsFixtures network;
    List<Instance> instances;
    try (var c = moto.clients()) {
      network = AwsFixtures.network(c.ec2(), CLUSTER);
      instances =
          c.ec2()
              .runInstances(
                  r ->
                      r.imageId(AwsFixtures.imageId(c.ec2()))
                          .instanceType("t3.medium")
                          .minCount(3)
                          .maxCount(3)
                          .subnetId(network.privateSubnets().get(0)))
              .instances();
    }
    Jvm manifest = ManifestJvm.read(Path.of(""));
    Figures.line(
        "jar    JVM flags of providers/aws/deployment.yaml (JAVA_TOOL_OPTIONS): %s, environment %s",
        String.join(" ", manifest.flags()), manifest.env());

    // -Dbench.memory-only=true: the loaded scenario with the manifest's JVM alone (a few minutes).
    boolean memoryOnly = Boolean.getBoolean("bench.memory-only");
    String beforeTree = System.getProperty("bench.before", "");
    // -Dbench.startup-only=true with -Dbench.before=DIR: the image's start (JDK 25 + the cache each
    // tree's Dockerfile trains) before and after, interleaved, alone: the shorter variant.
    if (Boolean.getBoolean("bench.startup-only") && !beforeTree.isEmpty()) {
      startUpBeforeAfter(manifest, Path.of(beforeTree));
      return;
    }
    if (!memoryOnly) {
      startUp(manifest);
    }
    // -Dbench.startup-only=true: the start-up figures alone (a minute, not a quarter of an hour).
    if (Boolean.getBoolean("bench.startup-only")) {
      return;
    }

    KubernetesMockServer api = apiServerWithServices(instances);
    try {
      // -Dbench.before=DIR: a checkout of the base commit with its jar packaged; the same
      // scenario runs first with that tree's jar and manifest flags, so before and after share
      // one run and one machine load.
      String before = System.getProperty("bench.before", "");
      if (!before.isEmpty()) {
        Path root = Path.of(before);
        Path oldJar = root.resolve(JAR);
        Jvm old = ManifestJvm.read(root);
        Figures.line(
            "jar    before: %s with its manifest's flags %s, environment %s",
            root, String.join(" ", old.flags()), old.env());
        scenario("before", oldJar, asTheImageRunsIt(old, root), network, api, true);
      }
      scenario("capped", JAR, asTheImageRunsIt(manifest, Path.of("")), network, api, true);
      // -Dbench.try="-XX:A -XX:B;-XX:C": each set of flags added to the manifest's, one scenario
      // each, after the manifest's own: a trial of flags beside the figure they would change. The
      // trial runs as the image does (above) unless it says otherwise: @jdk25 on JDK 25 without
      // a cache, as the jib image runs; @jdk17 on the JDK 17 the project builds with (JDK 25's
      // flags ignored), as the image before issue 19 ran, and @archive adds JDK 17's class-data
      // archive (-XX:SharedArchiveFile), trained as that image's build trained it.
      Path archive = null;
      for (String trial : System.getProperty("bench.try", "").split(";")) {
        if (!trial.isBlank()) {
          Jvm tried = manifest;
          String jdk = "@image";
          for (String flag : trial.trim().split("\\s+")) {
            if (flag.startsWith("@jdk")) {
              jdk = flag;
              continue;
            }
            if (flag.equals("@archive")) {
              jdk = "@jdk17";
              archive = archive == null ? ImageArchive.trainJdk17(manifest.onJdk17()) : archive;
              flag = "-XX:SharedArchiveFile=" + archive;
            }
            tried = tried.with(flag);
          }
          tried =
              switch (jdk) {
                case "@jdk17" -> tried.onJdk17();
                case "@jdk25" -> tried.on(ImageArchive.imageJava());
                default -> asTheImageRunsIt(tried, Path.of(""));
              };
          Figures.line("jar    trial: the manifest's flags and %s", trial.trim());
          scenario("+ " + trial.trim(), JAR, tried, network, api, false);
        }
      }
      if (!memoryOnly) {
        scenario("default JVM", JAR, Jvm.DEFAULTS, network, api, false);
      }
    } finally {
      api.destroy();
    }
  }

  /**
   * The JVM as the Dockerfile's image runs the jar: the image's JDK 25 with the ahead-of-time cache
   * its build trains with the same flags (a cache maps only into the JVM, flags and class path it
   * was trained with). Its classes are mapped from the cache instead of built in metaspace, so its
   * resident memory differs from JDK 17's on the same jar.
   */
  private static Jvm asTheImageRunsIt(Jvm manifest, Path root) throws Exception {
    Jvm image = manifest.on(ImageArchive.imageJava());
    return image.with("-XX:AOTCache=" + ImageArchive.train(image, root));
  }

  /**
   * Time from process start to ready, five starts each, interleaved so that the machine's load
   * falls on all alike: with the manifest's flags on JDK 17 and no archive (the image before issue
   * 19), with JDK 17's class-data sharing archive (the previous Dockerfile image), on the image's
   * JDK 25 without a cache (the jib image) and with the ahead-of-time cache its build trains (the
   * Dockerfile image now), and with the JVM's defaults.
   */
  private void startUp(Jvm manifest) throws Exception {
    Jvm image = manifest.on(ImageArchive.imageJava());
    Jvm withCache = image.with("-XX:AOTCache=" + ImageArchive.train(image, Path.of("")));
    Jvm jdk17 = manifest.onJdk17();
    Jvm withArchive = jdk17.with("-XX:SharedArchiveFile=" + ImageArchive.trainJdk17(jdk17));
    List<Start> capped = new ArrayList<>();
    List<Start> archived = new ArrayList<>();
    List<Start> cached = new ArrayList<>();
    List<Start> uncached = new ArrayList<>();
    List<Start> plain = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      capped.add(timeToReady(jdk17));
      archived.add(timeToReady(withArchive));
      cached.add(timeToReady(withCache));
      uncached.add(timeToReady(image));
      plain.add(timeToReady(Jvm.DEFAULTS));
    }
    double median = Start.median(cached, Start::seconds);
    double without = Start.median(capped, Start::seconds);
    Figures.line(
        "jar    start to /q/health/ready, median of 5 (min-max), manifest flags: the image's JDK 25"
            + " + its ahead-of-time cache %s; JDK 17 without archive %s, ratio %.2f; JDK 17 +"
            + " class-data archive (previous image) %s, ratio %.2f; JDK 25 without cache (jib"
            + " image) %s; JVM defaults %s (target < 1 s: %s) load %s",
        Start.summary(cached, Start::seconds, "s"),
        Start.summary(capped, Start::seconds, "s"),
        median / without,
        Start.summary(archived, Start::seconds, "s"),
        median / Start.median(archived, Start::seconds),
        Start.summary(uncached, Start::seconds, "s"),
        Start.summary(plain, Start::seconds, "s"),
        median < 1 ? "met" : "MISSED",
        load());
    // CPU time is what the load on a shared machine distorts least: the wall time above includes
    // every wait for a core.
    Figures.line(
        "jar    CPU time (user + system) to /q/health/ready, median of 5 (min-max): JDK 25 + cache"
            + " %s; JDK 17 without archive %s, ratio %.2f; JDK 17 + archive %s, ratio %.2f; JDK 25"
            + " without cache %s; JVM defaults %s; load %s",
        Start.summary(cached, Start::cpuSeconds, "s CPU"),
        Start.summary(capped, Start::cpuSeconds, "s CPU"),
        Start.median(cached, Start::cpuSeconds) / Start.median(capped, Start::cpuSeconds),
        Start.summary(archived, Start::cpuSeconds, "s CPU"),
        Start.median(cached, Start::cpuSeconds) / Start.median(archived, Start::cpuSeconds),
        Start.summary(uncached, Start::cpuSeconds, "s CPU"),
        Start.summary(plain, Start::cpuSeconds, "s CPU"),
        load());
    Figures.line(
        "jar    RSS when ready, median of 5 (min-max): JDK 25 + cache %s; JDK 17 without archive %s;"
            + " JDK 17 + archive %s; JDK 25 without cache %s; JVM defaults %s",
        Start.summary(cached, Start::rssMb, "MB"),
        Start.summary(capped, Start::rssMb, "MB"),
        Start.summary(archived, Start::rssMb, "MB"),
        Start.summary(uncached, Start::rssMb, "MB"),
        Start.summary(plain, Start::rssMb, "MB"));
  }

  /**
   * The image's start before and after a change: each tree's jar with the ahead-of-time cache its
   * own Dockerfile trains on the image's JDK 25, seven starts each, interleaved so that the load
   * falls on both alike; the ratio after/before is the figure to compare across runs.
   */
  private void startUpBeforeAfter(Jvm manifest, Path beforeRoot) throws Exception {
    Jvm image = manifest.on(ImageArchive.imageJava());
    Path beforeJar = beforeRoot.resolve(JAR);
    Jvm before = image.with("-XX:AOTCache=" + ImageArchive.train(image, beforeRoot));
    Jvm after = image.with("-XX:AOTCache=" + ImageArchive.train(image, Path.of("")));
    List<Start> was = new ArrayList<>();
    List<Start> now = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      was.add(timeToReady(beforeJar, before));
      now.add(timeToReady(JAR, after));
    }
    Figures.line(
        "jar    image start (JDK 25 + its ahead-of-time cache, manifest flags) to /q/health/ready,"
            + " median of 7 interleaved (min-max): before (%s) %s, %s; after %s, %s; ratio"
            + " after/before wall %.2f, CPU %.2f (target < 1 s: %s) load %s",
        beforeRoot,
        Start.summary(was, Start::seconds, "s"),
        Start.summary(was, Start::cpuSeconds, "s CPU"),
        Start.summary(now, Start::seconds, "s"),
        Start.summary(now, Start::cpuSeconds, "s CPU"),
        Start.median(now, Start::seconds) / Start.median(was, Start::seconds),
        Start.median(now, Start::cpuSeconds) / Start.median(was, Start::cpuSeconds),
        Start.median(now, Start::seconds) < 1 ? "met" : "MISSED",
        load());
    Figures.line(
        "jar    RSS when ready, median of 7 (min-max): before %s; after %s",
        Start.summary(was, Start::rssMb, "MB"), Start.summary(now, Start::rssMb, "MB"));
  }

  /**
   * One start: wall time and the process's CPU time until its first ready answer, and its resident
   * memory then (the cache is a mapped file: what a start touches of it counts).
   */
  record Start(double seconds, double cpuSeconds, double rssMb) {
    static double median(List<Start> starts, java.util.function.ToDoubleFunction<Start> f) {
      return starts.stream().mapToDouble(f).sorted().toArray()[starts.size() / 2];
    }

    static String summary(
        List<Start> starts, java.util.function.ToDoubleFunction<Start> f, String unit) {
      double[] sorted = starts.stream().mapToDouble(f).sorted().toArray();
      return "%.2f %s (%.2f-%.2f)"
          .formatted(sorted[sorted.length / 2], unit, sorted[0], sorted[sorted.length - 1]);
    }
  }

  /**
   * The image build's ahead-of-time cache, made here the way src/main/docker/Dockerfile.jvm makes
   * it: its training RUN line, run by the image's JDK (25), with the image's /deployments replaced
   * by target/quarkus-app (the cache only maps for the class path it was trained with) and the
   * manifest's JVM flags, which the image gives that line through JAVA_TOOL_OPTIONS.
   */
  static final class ImageArchive {
    private static final Path DOCKERFILE = Path.of("src", "main", "docker", "Dockerfile.jvm");
    private static final String OUTPUT = "-XX:AOTCacheOutput=";

    /**
     * The image's JDK on this machine: -Dbench.image-java, else the Temurin 25 under /usr/lib/jvm
     * (.ci/image.sh makes the image's base from the same JDK).
     */
    static String imageJava() throws IOException {
      String given = System.getProperty("bench.image-java", "");
      if (!given.isEmpty()) {
        return given;
      }
      try (var jdks = Files.list(Path.of("/usr/lib/jvm"))) {
        return jdks.filter(p -> p.getFileName().toString().startsWith("temurin-25"))
            .map(p -> p.resolve("bin").resolve("java"))
            .filter(Files::isExecutable)
            .sorted()
            .findFirst()
            .map(Path::toString)
            .orElseThrow(
                () -> new IllegalStateException("no JDK 25: pass -Dbench.image-java=PATH/java"));
      }
    }

    /** The cache of a tree (this one, or -Dbench.before's): its Dockerfile's line, its jar. */
    static Path train(Jvm image, Path root) throws Exception {
      Path cache = Files.createTempDirectory("bench-aot-").resolve("app.aot");
      return run(image, OUTPUT + cache, cache, "ahead-of-time cache, JDK 25", root);
    }

    /** The previous image's archive: the same training on JDK 17, written at exit. */
    static Path trainJdk17(Jvm manifest) throws Exception {
      Path archive = Files.createTempDirectory("bench-cds-").resolve("app-cds.jsa");
      return run(
          manifest,
          "-XX:ArchiveClassesAtExit=" + archive,
          archive,
          "class-data archive, JDK 17",
          Path.of(""));
    }

    private static Path run(Jvm jvm, String outputFlag, Path output, String what, Path root)
        throws Exception {
      Path jar = root.resolve(JAR).toAbsolutePath();
      List<String> command = new ArrayList<>();
      for (String word : trainingLine(root)) {
        if (word.equals("java")) {
          command.add(jvm.java());
          command.addAll(jvm.flags());
        } else if (word.startsWith(OUTPUT)) {
          command.add(outputFlag);
        } else if (word.startsWith("-Xlog:")) {
          command.add("-Xlog:cds=error"); // JDK 17 knows no aot tag
        } else {
          command.add(word.replace("/deployments", jar.getParent().toString()));
        }
      }
      Path log = output.resolveSibling("training.log");
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().remove("JAVA_TOOL_OPTIONS");
      pb.environment().putAll(jvm.env());
      pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
      pb.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(freePort()));
      long t = System.nanoTime();
      int exit = pb.start().waitFor();
      if (exit != 0 || !Files.exists(output)) {
        throw new IllegalStateException(
            "the " + what + " training exited " + exit + ":\n" + Files.readString(log));
      }
      Figures.line(
          "jar    %s trained as the image build does (Dockerfile.jvm RUN) in %.1f s: %d MB",
          what, (System.nanoTime() - t) / 1e9, Files.size(output) / (1024 * 1024));
      return output;
    }

    /** The exec-form RUN line of the Dockerfile that writes the cache, continuations joined. */
    static List<String> trainingLine(Path root) throws IOException {
      String text = Files.readString(root.resolve(DOCKERFILE)).replaceAll("\\\\\n\\s*", " ");
      Matcher m = Pattern.compile("(?m)^RUN (\\[.*AOTCacheOutput.*\\])$").matcher(text);
      if (!m.find()) {
        throw new IllegalStateException(DOCKERFILE + " has no RUN line with AOTCacheOutput");
      }
      return List.of(JSON.readValue(m.group(1), String[].class));
    }
  }

  private Start timeToReady(Jvm jvm) throws Exception {
    return timeToReady(JAR, jvm);
  }

  private Start timeToReady(Path jar, Jvm jvm) throws Exception {
    Strato strato = Strato.start(jar, jvm, Map.of(), Files.createTempDirectory("bench-start-"));
    try {
      base = strato.base();
      management = strato.management();
      long start = strato.startedNanos();
      waitReady();
      return new Start(
          (System.nanoTime() - start) / 1e9,
          cpuSeconds(strato.pid()),
          rssKb(strato.pid()) / 1024.0);
    } finally {
      strato.close();
    }
  }

  /** utime + stime of /proc/PID/stat, in clock ticks of 1/100 s (Linux's USER_HZ). */
  private static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  /**
   * A Fabric8 mock API server (CRUD) holding 1,000 ClusterIP Services and three Nodes backed by
   * moto instances: the CCM's informers cache all of them, as in a busy cluster.
   */
  private static KubernetesMockServer apiServerWithServices(List<Instance> instances) {
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver")
        .setLevel(java.util.logging.Level.WARNING);
    KubernetesMockServer api =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    api.init();
    try (KubernetesClient k8s = api.createClient()) {
      for (int i = 0; i < instances.size(); i++) {
        Instance vm = instances.get(i);
        k8s.nodes()
            .resource(
                new NodeBuilder()
                    .withNewMetadata()
                    .withName("node-" + i)
                    .endMetadata()
                    .withNewSpec()
                    .withProviderID(
                        "aws:///" + vm.placement().availabilityZone() + "/" + vm.instanceId())
                    .endSpec()
                    // Ready, as a kubelet reports it: a NotReady node is checked against its
                    // instance every monitor period (one DescribeInstances a minute), which is
                    // not what "idle" measures.
                    .withNewStatus()
                    .addNewAddress()
                    .withType("InternalIP")
                    .withAddress(vm.privateIpAddress())
                    .endAddress()
                    .addNewCondition()
                    .withType("Ready")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build())
            .create();
      }
      for (int i = 0; i < SERVICES; i++) {
        k8s.services()
            .inNamespace("ns-" + (i % 20))
            .resource(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName("svc-" + i)
                    .addToLabels("app", "app-" + i)
                    .endMetadata()
                    .withNewSpec()
                    .withType("ClusterIP")
                    .addToSelector("app", "app-" + i)
                    .addNewPort()
                    .withPort(80)
                    .withNewTargetPort(8080)
                    .endPort()
                    .endSpec()
                    .build())
            .create();
      }
    }
    return api;
  }

  /**
   * The packaged jar with the CCM on (informers over the mock API server's 1,000 Services) and the
   * provisioning API: start, 50 load balancers through the engine, idle calls, GET throughput, then
   * 950 node groups so the store holds 1,000 resources; RSS at each step.
   */
  private void scenario(
      String name, Path jar, Jvm jvm, AwsFixtures network, KubernetesMockServer api, boolean full)
      throws Exception {
    Path data = Files.createTempDirectory("bench-jar-");
    Map<String, String> ccm =
        Map.of(
            "STRATO_CCM_ENABLED",
            "true",
            "STRATO_CCM_CLUSTER_ID",
            CLUSTER,
            "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL",
            api.url("/"),
            "QUARKUS_KUBERNETES_CLIENT_NAMESPACE",
            "default");
    Strato strato = Strato.start(jar, jvm, ccm, data);
    try {
      base = strato.base();
      management = strato.management();
      waitReady();
      double startup = (System.nanoTime() - strato.startedNanos()) / 1e9;
      long rssStart = rssKb(strato.pid());
      String tag = "jar    [" + name + "]";
      Figures.line(
          "%s start to /q/health/ready with the CCM on and %d Services to cache %.2f s; RSS after"
              + " start %d MB (load %s)",
          tag, SERVICES, startup, rssStart / 1024, load());
      waitForLeaseAndCache(api);

      int n = 50;
      List<Double> createMs = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        createMs.add(
            put(
                "/api/v1/load-balancers/web-" + i,
                """
                {"spec": {"vpcId": "%s", "listeners": [{"port": 80, "targetPort": 30080},
                                                       {"port": 443, "targetPort": 30443}]}}
                """
                    .formatted(network.vpcId())));
      }
      Collections.sort(createMs);
      Figures.line(
          "%s PUT load balancer (create) latency to 201/202: p50 %.1f ms, p99 %.1f ms, max %.1f"
              + " ms over %d",
          tag, pct(createMs, 50), pct(createMs, 99), createMs.get(n - 1), n);
      while (ready("/api/v1/load-balancers?limit=" + n) < n) {
        if ((System.nanoTime() - t0) / 1e9 > 300) {
          throw new IllegalStateException("load balancers not Ready after 300 s");
        }
        Thread.sleep(100);
      }
      Figures.line(
          "%s %d load balancers Ready through the engine (default workers, poll PT10S) in %.2f s",
          tag, n, (System.nanoTime() - t0) / 1e9);

      if (full) {
        double before = cloudCalls();
        Thread.sleep(60_000);
        double idle = cloudCalls() - before;
        Figures.line(
            "%s idle: %.0f AWS calls in 60 s with %d Ready load balancers (target 0: %s)",
            tag, idle, n, idle == 0 ? "met" : "MISSED");
      }

      // Baseline in the same run: the cheapest endpoint the same process has (no token, no store;
      // on its management port), i.e. what Quarkus and wrk together reach on this machine.
      double baseline = wrk(tag, "GET liveness", "/q/health/live", 0);
      wrk(tag, "GET one", "/api/v1/load-balancers/web-7", baseline);
      wrk(tag, "GET list (50)", "/api/v1/load-balancers", baseline);

      // 950 node groups whose specs the API accepts but the cloud cannot satisfy (no such
      // subnets), so they stay in the store, failing and backing off, as a busy account's would.
      List<Double> nodeGroupMs = new ArrayList<>();
      int groups = RESOURCES - n;
      for (int i = 0; i < groups; i++) {
        nodeGroupMs.add(
            put(
                "/api/v1/node-groups/ng-" + i,
                """
            {"spec": {"imageId": "ami-12345678", "instanceType": "t3.medium",
                      "subnetIds": ["subnet-00000000000000001"], "minSize": 0, "maxSize": 1,
                      "desiredCapacity": 0}}
            """));
      }
      Collections.sort(nodeGroupMs);
      Figures.line(
          "%s PUT node group (create) latency to 201/202: p50 %.1f ms, p99 %.1f ms over %d",
          tag, pct(nodeGroupMs, 50), pct(nodeGroupMs, 99), groups);
      Thread.sleep(10_000);
      long rssLoaded = rssKb(strato.pid());
      Figures.line(
          "%s RSS after start %d MB; after wrk + %d REST resources + %d Services cached %d MB"
              + " (target < 300 MB: %s) load %s",
          tag,
          rssStart / 1024,
          RESOURCES,
          SERVICES,
          rssLoaded / 1024,
          rssLoaded / 1024 < 300 ? "met" : "MISSED",
          load());
      // What the data really holds: after a full GC the collector gives unused heap back.
      new ProcessBuilder("jcmd", String.valueOf(strato.pid()), "GC.run")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
      Thread.sleep(2_000);
      Figures.line(
          "%s RSS after a full GC (jcmd GC.run) with the same data: %d MB; %d threads",
          tag, rssKb(strato.pid()) / 1024, threads(strato.pid()));
      liveHeap(tag, strato.pid());
      Figures.line("%s threads by name: %s", tag, threadNames(strato.pid()));
      heapInfo(tag, strato.pid());
      MemoryBreakdown.print(tag, strato.pid());
    } finally {
      strato.close();
    }
  }

  /** The CCM leads (its Lease is on the API server) and its informers have had time to list. */
  private static void waitForLeaseAndCache(KubernetesMockServer api) throws InterruptedException {
    try (KubernetesClient k8s = api.createClient()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (k8s.leases().inNamespace("kube-system").withName(LEASE).get() == null) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the CCM took no Lease in 120 s");
        }
        Thread.sleep(200);
      }
    }
    Thread.sleep(5_000);
  }

  private void waitReady() throws Exception {
    for (int i = 0; i < 3000; i++) {
      try {
        var r =
            http.send(
                HttpRequest.newBuilder(management.resolve("/q/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // keep polling
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("Strato not ready after 30 s");
  }

  private double put(String path, String body) throws Exception {
    long t = System.nanoTime();
    var r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double ms = (System.nanoTime() - t) / 1e6;
    if (r.statusCode() != 201 && r.statusCode() != 202 && r.statusCode() != 200) {
      throw new IllegalStateException("PUT " + path + " answered " + r.statusCode() + r.body());
    }
    return ms;
  }

  private long ready(String path) throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + r.body());
    }
    return JSON.readTree(r.body()).findValues("phase").stream()
        .map(JsonNode::asText)
        .filter("Ready"::equals)
        .count();
  }

  /** The sum of Strato's own cloud call counter, read from its Prometheus endpoint. */
  private double cloudCalls() throws Exception {
    String text =
        http.send(
                HttpRequest.newBuilder(management.resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("strato_cloud_calls_total{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** Runs wrk against the path and prints the figures; returns requests a second. */
  private double wrk(String tag, String what, String path, double baseline) throws Exception {
    Process p =
        new ProcessBuilder(
                "wrk",
                "-t2",
                "-c32",
                "-d20s",
                "--latency",
                "-H",
                "Authorization: Bearer " + token,
                (path.startsWith("/q/") ? management : base).resolve(path).toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    String rps = find(out, "Requests/sec:\\s+([0-9.]+)");
    String p50 = find(out, "\\s50%\\s+(\\S+)");
    String p99 = find(out, "\\s99%\\s+(\\S+)");
    String non2xx = find(out, "Non-2xx or 3xx responses:\\s+(\\d+)");
    double rate = Double.parseDouble(rps);
    Figures.line(
        "%s %-14s wrk 2 threads 32 connections 20 s: %.0f req/s%s, p50 %s, p99 %s, non-2xx %s"
            + " (target >= 5000/s and p99 < 20 ms: %s) load %s",
        tag,
        what,
        rate,
        baseline > 0 ? " (%.2f of liveness)".formatted(rate / baseline) : "",
        p50,
        p99,
        non2xx.isEmpty() ? "0" : non2xx,
        rate >= 5000 && millis(p99) < 20 ? "met" : "MISSED",
        load());
    return rate;
  }

  private static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.group(1) : "";
  }

  /** wrk prints latencies as 812.00us, 1.23ms or 1.02s. */
  private static double millis(String wrk) {
    if (wrk.endsWith("us")) {
      return Double.parseDouble(wrk.substring(0, wrk.length() - 2)) / 1000;
    }
    if (wrk.endsWith("ms")) {
      return Double.parseDouble(wrk.substring(0, wrk.length() - 2));
    }
    if (wrk.endsWith("s")) {
      return Double.parseDouble(wrk.substring(0, wrk.length() - 1)) * 1000;
    }
    return Double.NaN;
  }

  private static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }

  /**
   * What holds the live heap: the class histogram (which runs a full GC first), its total and the
   * largest entries, so a change in memory can be traced to the data that changed.
   */
  private static void liveHeap(String tag, long pid) throws Exception {
    Process p =
        new ProcessBuilder("jcmd", String.valueOf(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
    p.waitFor();
    Pattern row = Pattern.compile("^\\s*(\\d+):\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");
    Pattern total = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+).*");
    for (String line : lines) {
      Matcher t = total.matcher(line);
      if (t.matches()) {
        Figures.line(
            "%s live heap (class histogram after a full GC): %.1f MB in %s objects",
            tag, Long.parseLong(t.group(2)) / 1048576.0, t.group(1));
      }
    }
    lines.stream()
        .map(row::matcher)
        .filter(Matcher::matches)
        .limit(12)
        .forEach(
            m ->
                Figures.line(
                    "%s   %6.2f MB %8s x %s",
                    tag, Long.parseLong(m.group(3)) / 1048576.0, m.group(2), m.group(4)));
  }

  /** The committed sizes of the generations and of metaspace (jcmd GC.heap_info), one line. */
  private static void heapInfo(String tag, long pid) throws Exception {
    Process p =
        new ProcessBuilder("jcmd", String.valueOf(pid), "GC.heap_info")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    Figures.line(
        "%s heap and metaspace (GC.heap_info): %s",
        tag,
        out.lines()
            .filter(
                l -> l.contains("total") || l.contains("Metaspace") || l.contains("class space"))
            .map(String::trim)
            .map(l -> l.replaceAll("\\s*\\[0x.*", ""))
            .reduce((a, b) -> a + " | " + b)
            .orElse(out.trim()));
  }

  /**
   * Thread counts by name with the digits dropped ("executor-thread-12" counts as
   * executor-thread-#).
   */
  private static String threadNames(long pid) throws IOException {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).trim().replaceAll("\\d+", "#");
          counts.merge(name, 1, Integer::sum);
        } catch (IOException exited) {
          // the thread ended while we listed
        }
      }
    }
    return counts.toString();
  }

  private static long threads(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("Threads:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String adminToken() {
    try {
      String pem =
          Files.readString(Path.of("src/test/resources/test-keys/private.pem"))
              .replaceAll("-----[A-Z ]+-----", "")
              .replaceAll("\\s", "");
      PrivateKey key =
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
      return Jwt.issuer("strato")
          .audience("strato")
          .upn("benchmark")
          .groups(Set.of("admin"))
          .expiresIn(Duration.ofHours(1))
          .sign(key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The one-minute load average: other processes on the machine skew every figure here. */
  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  /** The packaged jar running against moto, on a free port, with its own data directory. */
  private record Strato(Process process, URI base, URI management, long startedNanos)
      implements AutoCloseable {

    static Strato start(Path jar, Jvm jvm, Map<String, String> extraEnv, Path data)
        throws IOException {
      int port = freePort();
      int managementPort = freePort();
      List<String> command = new ArrayList<>();
      command.add(jvm.java());
      command.addAll(jvm.flags());
      command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(data.resolve("strato.log").toFile());
      var env = pb.environment();
      // The flags are on the command line; a JAVA_TOOL_OPTIONS of the calling shell would add to
      // them.
      env.remove("JAVA_TOOL_OPTIONS");
      env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
      env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
      env.put("STRATO_DATA_DIR", data.toString());
      env.put("STRATO_AWS_ENDPOINT", MotoServer.shared().endpoint().toString());
      env.put("AWS_ACCESS_KEY_ID", "test");
      env.put("AWS_SECRET_ACCESS_KEY", "test");
      env.put(
          "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
          Path.of("src/test/resources/test-keys/public.pem").toAbsolutePath().toString());
      env.put("STRATO_AUTH_AUDIENCE", "strato");
      // The benchmark is one client: lift the per-client budgets, as the README says a trusted
      // load generator should.
      env.put("STRATO_API_RATE_LIMIT_READS_PER_SECOND", "1000000");
      env.put("STRATO_API_RATE_LIMIT_READS_BURST", "1000000");
      env.put("STRATO_API_RATE_LIMIT_CHANGES_PER_SECOND", "100000");
      env.put("STRATO_API_RATE_LIMIT_CHANGES_BURST", "100000");
      env.putAll(jvm.env());
      env.putAll(extraEnv);
      long started = System.nanoTime();
      return new Strato(
          pb.start(),
          URI.create("http://127.0.0.1:" + port),
          URI.create("http://127.0.0.1:" + managementPort),
          started);
    }

    long pid() {
      return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      process.waitFor();
    }
  }

  /**
   * The java launcher, JVM flags and the environment variables that shape the JVM's native memory.
   */
  record Jvm(String java, List<String> flags, Map<String, String> env) {
    static final Jvm DEFAULTS = new Jvm(List.of(), Map.of());

    /** The java on the PATH: the JDK 17 the project builds and tests with. */
    Jvm(List<String> flags, Map<String, String> env) {
      this("java", flags, env);
    }

    Jvm with(String flag) {
      List<String> more = new ArrayList<>(flags);
      more.add(flag);
      return new Jvm(java, List.copyOf(more), env);
    }

    Jvm on(String otherJava) {
      return new Jvm(otherJava, flags, env);
    }

    /**
     * On the JDK 17 the project builds with, which refuses the flags that only JDK 25 (the image's)
     * knows, such as -XX:+UseCompactObjectHeaders: it is told to ignore them.
     */
    Jvm onJdk17() {
      List<String> more = new ArrayList<>(List.of("-XX:+IgnoreUnrecognizedVMOptions"));
      more.addAll(flags);
      return new Jvm("java", List.copyOf(more), env);
    }
  }

  /** The JVM the deployment manifest gives Strato, so the benchmark runs what is deployed. */
  static final class ManifestJvm {
    private static final Path DEPLOYMENT = Path.of("providers", "aws", "deployment.yaml");

    /** The manifest of the tree at root ("" for this one). */
    static Jvm read(Path root) throws IOException {
      Path deployment = root.resolve(DEPLOYMENT);
      String manifest = Files.readString(deployment);
      Matcher m = value("JAVA_TOOL_OPTIONS").matcher(manifest);
      if (!m.find()) {
        throw new IllegalStateException(deployment + " sets no JAVA_TOOL_OPTIONS");
      }
      List<String> flags = List.of(m.group(1).trim().split("\\s+"));
      Matcher arenas = value("MALLOC_ARENA_MAX").matcher(manifest);
      Map<String, String> env =
          arenas.find() ? Map.of("MALLOC_ARENA_MAX", arenas.group(1).trim()) : Map.of();
      return new Jvm(flags, env);
    }

    private static Pattern value(String name) {
      return Pattern.compile("- name: " + name + "\\s+value: \"?([^\"\\n]*)\"?");
    }
  }
}
