package io.strato.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What src/main/docker/Dockerfile.jvm says the image is, read from its instructions. */
record ImageDefinition(
    String base,
    Map<String, String> env,
    String user,
    String workdir,
    List<String> entrypoint,
    List<Integer> ports,
    Map<String, String> copies,
    List<List<String>> runs) {

  static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
  private static final Pattern ENV = Pattern.compile("(\\w+)=\"([^\"]*)\"|(\\w+)='([^']*)'");

  static ImageDefinition dockerfile() throws IOException {
    Map<String, String> args = new LinkedHashMap<>();
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, String> copies = new LinkedHashMap<>();
    List<Integer> ports = new ArrayList<>();
    String base = null;
    String user = null;
    String workdir = null;
    List<String> entrypoint = List.of();
    List<List<String>> runs = new ArrayList<>();
    for (String line : instructions(Files.readAllLines(DOCKERFILE))) {
      String[] parts = line.strip().split("\\s+", 2);
      if (parts.length < 2 || parts[0].startsWith("#")) {
        continue;
      }
      String rest = parts[1];
      switch (parts[0]) {
        case "ARG" -> {
          String[] kv = rest.split("=", 2);
          args.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        case "FROM" -> base = args.getOrDefault(rest.replaceAll("^\\$\\{(\\w+)}$", "$1"), rest);
        case "ENV" -> {
          Matcher m = ENV.matcher(rest);
          while (m.find()) {
            env.put(
                m.group(1) != null ? m.group(1) : m.group(3),
                m.group(2) != null ? m.group(2) : m.group(4));
          }
        }
        case "USER" -> user = rest;
        case "WORKDIR" -> workdir = rest;
        case "EXPOSE" ->
            Arrays.stream(rest.split("\\s+")).map(Integer::valueOf).forEach(ports::add);
        case "ENTRYPOINT" ->
            entrypoint = List.of(new ObjectMapper().readValue(rest, String[].class));
        case "RUN" -> runs.add(List.of(new ObjectMapper().readValue(rest, String[].class)));
        case "COPY" -> {
          List<String> words =
              Arrays.stream(rest.split("\\s+")).filter(w -> !w.startsWith("--")).toList();
          copies.put(words.get(0), words.get(1));
        }
        default -> {}
      }
    }
    return new ImageDefinition(base, env, user, workdir, entrypoint, ports, copies, runs);
  }

  /** The Dockerfile's lines with each instruction continued by a trailing backslash joined up. */
  private static List<String> instructions(List<String> lines) {
    List<String> joined = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      String stripped = line.strip();
      if (current.isEmpty() && stripped.startsWith("#")) {
        continue;
      }
      if (stripped.endsWith("\\")) {
        current.append(stripped, 0, stripped.length() - 1).append(' ');
        continue;
      }
      joined.add(current.append(stripped).toString());
      current.setLength(0);
    }
    return joined;
  }

  /** What the jib extension builds, from application.properties. */
  static ImageDefinition jib() throws IOException {
    Properties p = applicationProperties();
    Map<String, String> env = new LinkedHashMap<>();
    Pattern envKey = Pattern.compile("quarkus\\.jib\\.environment-variables\\.\"(\\w+)\"");
    for (String key : p.stringPropertyNames()) {
      Matcher m = envKey.matcher(key);
      if (m.matches()) {
        env.put(m.group(1), p.getProperty(key));
      }
    }
    String workdir = p.getProperty("quarkus.jib.working-directory");
    // Jib lays the fast-jar out in its working directory, as the Dockerfile's COPY lines do.
    Map<String, String> copies = new LinkedHashMap<>();
    copies.put("target/quarkus-app/lib/", workdir + "/lib/");
    copies.put("target/quarkus-app/*.jar", workdir + "/");
    copies.put("target/quarkus-app/app/", workdir + "/app/");
    copies.put("target/quarkus-app/quarkus/", workdir + "/quarkus/");
    return new ImageDefinition(
        p.getProperty("quarkus.jib.base-jvm-image"),
        env,
        p.getProperty("quarkus.jib.user"),
        workdir,
        List.of(p.getProperty("quarkus.jib.jvm-entrypoint").split(",")),
        Arrays.stream(p.getProperty("quarkus.jib.ports").split(",")).map(Integer::valueOf).toList(),
        copies,
        // Jib has no RUN: it cannot train the ahead-of-time cache (docs/deployment.md).
        List.of());
  }

  static Properties applicationProperties() throws IOException {
    Properties p = new Properties();
    try (Reader in =
        Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
      p.load(in);
    }
    return p;
  }
}
