package io.vtopo.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers hold: the core stays pure (no native access, no libvirt, no processes, no sockets; the
 * build bans the jars too), and no module depends upwards: the core on nothing of ours, render only
 * on the core, host never on cli or the web server, nothing but the benchmarks on them. Checked on
 * every module's pom and sources.
 */
class ArchitectureTest {
  private static final List<String> FORBIDDEN =
      List.of(
          "com.sun.jna",
          "org.libvirt",
          "ProcessBuilder",
          "Runtime.getRuntime",
          "java.net.Socket",
          "java.nio.channels.SocketChannel",
          "System.loadLibrary",
          "io.netty");

  /**
   * Which of our modules each module may use (main scope); test-support is allowed everywhere in
   * tests.
   */
  private static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "topology-core", Set.of(),
          "render", Set.of("topology-core"),
          "host",
              Set.of("topology-core", "netlink", "libvirt", "virt-network", "storage", "domain"),
          "web", Set.of("topology-core", "render"),
          "libvirt", Set.of("topology-core"),
          "fleet", Set.of("topology-core"));

  /** Our packages each module's main sources must not import. */
  private static final Map<String, List<String>> BANNED_IMPORTS =
      Map.of(
          "topology-core",
              List.of(
                  "io.vtopo.cli",
                  "io.vtopo.host",
                  "io.vtopo.render",
                  "io.vtopo.web",
                  "io.vtopo.netlink",
                  "io.vtopo.virtnet",
                  "io.vtopo.storage",
                  "io.vtopo.bench"),
          "render",
              List.of(
                  "io.vtopo.cli",
                  "io.vtopo.host",
                  "io.vtopo.web",
                  "io.vtopo.netlink",
                  "io.vtopo.virtnet",
                  "io.vtopo.storage",
                  "io.vtopo.bench"),
          "host", List.of("io.vtopo.cli", "io.vtopo.web", "io.vtopo.bench"),
          "web",
              List.of(
                  "io.vtopo.cli",
                  "io.vtopo.host",
                  "io.vtopo.netlink",
                  "io.vtopo.virtnet",
                  "io.vtopo.storage",
                  "io.vtopo.bench"),
          "libvirt",
              List.of(
                  "io.vtopo.cli",
                  "io.vtopo.host",
                  "io.vtopo.web",
                  "io.vtopo.netlink",
                  "io.vtopo.virtnet",
                  "io.vtopo.storage",
                  "io.vtopo.bench",
                  "io.vtopo.render"));

  private static final Pattern OUR_DEPENDENCY =
      Pattern.compile(
          "<dependency><groupId>io\\.vtopo</groupId><artifactId>([a-z-]+)</artifactId>(<scope>([a-z]+)</scope>)?");

  @Test
  void coreSourcesUseNoNativeLibvirtOrProcesses() throws IOException {
    List<String> offences = new ArrayList<>();
    for (Path f : sources(Path.of("src/main/java"))) {
      String text = Files.readString(f);
      for (String bad : FORBIDDEN) {
        if (text.contains(bad)) {
          offences.add(f + " uses " + bad);
        }
      }
    }
    assertThat(offences).isEmpty();
  }

  @Test
  void modulesDependOnlyDownwards() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<String> offences = new ArrayList<>();
    for (var e : ALLOWED.entrySet()) {
      Path pom = root.resolve(e.getKey()).resolve("pom.xml");
      assertThat(pom).as("module %s", e.getKey()).exists();
      Set<String> used = new TreeSet<>();
      Matcher m = OUR_DEPENDENCY.matcher(Files.readString(pom).replaceAll(">\\s+<", "><"));
      while (m.find()) {
        if (!"test".equals(m.group(3))) {
          used.add(m.group(1));
        }
      }
      used.removeAll(e.getValue());
      if (!used.isEmpty()) {
        offences.add(e.getKey() + " depends on " + used);
      }
    }
    for (var e : BANNED_IMPORTS.entrySet()) {
      for (Path f : sources(root.resolve(e.getKey()).resolve("src/main/java"))) {
        for (String line : Files.readAllLines(f)) {
          for (String banned : e.getValue()) {
            if (line.startsWith("import " + banned + ".")
                || line.startsWith("import static " + banned + ".")) {
              offences.add(root.relativize(f) + ": " + line);
            }
          }
        }
      }
    }
    assertThat(offences).isEmpty();
  }

  private static List<Path> sources(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }
}
