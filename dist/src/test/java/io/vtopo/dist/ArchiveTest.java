package io.vtopo.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both launchers with the real JVM: the class-data-sharing archive they make is the one their own
 * options map ({@code -Xshare:on} fails the run otherwise) and it holds vtopo's, picocli's and the
 * reader's classes; a corrupt archive never breaks a run; a newer jar remakes the archive. The jar
 * is this test's class path in one file, like the shaded vtopo.jar (the archive needs a jar: CDS
 * does not archive classes from directories).
 */
class ArchiveTest {
  @TempDir static Path shared;
  static Path jar;
  static Path example;
  static String version;

  @BeforeAll
  static void jar() throws Exception {
    jar = shared.resolve("vtopo.jar");
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.vtopo.cli.Main");
    m.getMainAttributes().put(new Attributes.Name("Multi-Release"), "true");
    Set<String> seen = new HashSet<>();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
      for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        Path p = Path.of(e);
        if (Files.isDirectory(p)) {
          try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
              add(out, seen, p.relativize(f).toString(), Files.newInputStream(f));
            }
          }
        } else if (e.endsWith(".jar") && Files.isRegularFile(p)) {
          try (JarFile j = new JarFile(p.toFile())) {
            for (JarEntry je : java.util.Collections.list(j.entries())) {
              if (!je.isDirectory()) {
                add(out, seen, je.getName(), j.getInputStream(je));
              }
            }
          }
        }
      }
    }
    Path dir = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
    example = dir.resolve("examples/lab-two-vlans.yaml");
    StringWriterRun v = java("-cp", jar.toString(), "io.vtopo.cli.Main", "--version");
    version = v.out;
    assertThat(version).startsWith("vtopo ");
  }

  private static void add(JarOutputStream out, Set<String> seen, String name, InputStream in)
      throws IOException {
    try (in) {
      String upper = name.toUpperCase(java.util.Locale.ROOT);
      if (name.equals("META-INF/MANIFEST.MF")
          || name.endsWith("module-info.class")
          || upper.matches("META-INF/[^/]*\\.(SF|DSA|RSA|EC)")
          || !seen.add(name)) {
        return;
      }
      out.putNextEntry(new JarEntry(name));
      in.transferTo(out);
      out.closeEntry();
    }
  }

  record StringWriterRun(int code, String out, String err) {}

  private static StringWriterRun java(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("java"));
    cmd.addAll(List.of(args));
    return exec(new ProcessBuilder(cmd));
  }

  private static StringWriterRun exec(ProcessBuilder pb) throws Exception {
    Path err = Files.createTempFile(shared, "err", ".txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    return new StringWriterRun(code, out, Files.readString(err));
  }

  private static StringWriterRun launch(Path launcher, String javaOpts, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("VTOPO_JAVA_OPTS", javaOpts);
    // A build attempt would be a bug here (the jar is newer than every source): make it fail.
    Path bin = Files.createDirectories(shared.resolve("nomvn"));
    Path mvn = bin.resolve("mvn");
    if (!Files.exists(mvn)) {
      Files.writeString(mvn, "#!/bin/sh\necho 'mvn called' >&2\nexit 9\n");
      Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    return exec(pb);
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
  }

  private static void aged(Path p, long secondsAgo) throws IOException {
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
  }

  /** The archive maps (-Xshare:on) and holds the classes a validate run needs. */
  private static void archiveIsUsed(Path launcher) throws Exception {
    StringWriterRun r =
        launch(launcher, "-Xshare:on -Xlog:class+load", "validate", example.toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out())
        .contains(": valid (")
        .contains("io.vtopo.cli.Main source: shared objects file")
        .contains("picocli.CommandLine source: shared objects file")
        .contains("io.vtopo.core.io.TopologyReader source: shared objects file")
        .contains("io.vtopo.core.validate.Validator source: shared objects file");
  }

  private static void corruptArchiveOnlyCostsSpeed(Path launcher, Path jsa) throws Exception {
    Files.setPosixFilePermissions(jsa, PosixFilePermissions.fromString("rw-r--r--"));
    try (OutputStream o = Files.newOutputStream(jsa)) {
      o.write("not an archive".getBytes(StandardCharsets.UTF_8));
    }
    StringWriterRun r = launch(launcher, "", "validate", example.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains(": valid (");
    assertThat(launch(launcher, "", "--version").out()).isEqualTo(version);
  }

  @Test
  void theCheckoutLauncherMakesAndUsesItsArchive(@TempDir Path root) throws Exception {
    copy(
        Path.of(System.getProperty("basedir", ".")).resolve("../vtopo").normalize(),
        root.resolve("vtopo"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.createDirectories(root.resolve("cli/src/main/java"));
    Files.writeString(root.resolve("cli/pom.xml"), "<project/>");
    copy(example, root.resolve("examples/lab-two-vlans.yaml"));
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        aged(p, 7200);
      }
    }
    Path tjar = root.resolve("cli/target/vtopo.jar");
    copy(jar, tjar);
    aged(tjar, 3600);
    Path launcher = root.resolve("vtopo");
    Path jsa = root.resolve("cli/target/vtopo.jsa");

    StringWriterRun first = launch(launcher, "", "--version");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo(version);
    assertThat(jsa).isRegularFile();
    archiveIsUsed(launcher);

    corruptArchiveOnlyCostsSpeed(launcher, jsa);

    // A newer jar (a build) makes a new archive, which maps again.
    aged(jsa, 1800);
    aged(tjar, 60);
    assertThat(launch(launcher, "", "--version").out()).isEqualTo(version);
    assertThat(Files.getLastModifiedTime(jsa).toInstant())
        .isAfter(Files.getLastModifiedTime(tjar).toInstant());
    archiveIsUsed(launcher);
  }

  @Test
  void theInstalledLauncherMakesAndUsesItsArchive(@TempDir Path root) throws Exception {
    // The tarball's layout: bin/vtopo, share/vtopo/{vtopo.jar,examples}; run through a symlink.
    Path launcher = root.resolve("vtopo-1/bin/vtopo");
    copy(Path.of(System.getProperty("basedir", ".")).resolve("src/main/launcher/vtopo"), launcher);
    Path share = root.resolve("vtopo-1/share/vtopo");
    copy(jar, share.resolve("vtopo.jar"));
    copy(example, share.resolve("examples/lab-two-vlans.yaml"));
    Path link = Files.createSymbolicLink(root.resolve("vtopo"), launcher);
    Path jsa = share.resolve("vtopo.jsa");

    StringWriterRun first = launch(link, "", "--version");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo(version);
    assertThat(jsa).isRegularFile();
    archiveIsUsed(link);
    archiveIsUsed(launcher);
    corruptArchiveOnlyCostsSpeed(launcher, jsa);
  }
}
