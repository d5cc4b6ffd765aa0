package io.vtopo.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source checkout's {@code ./vtopo} launcher in a scratch tree, with stand-ins for mvn and java
 * on PATH that only record their calls: when it rebuilds (edited, added, removed source; --rebuild;
 * no stamp yet), when it does not, and what the sandbox says without libvirt's client library.
 */
class LauncherTest {
  @TempDir Path root;
  Path calls;
  Path jar;
  Path source;

  private static void script(Path p, String body) throws IOException {
    Files.writeString(p, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @BeforeEach
  void tree() throws IOException {
    Path launcher = Path.of(System.getProperty("basedir", ".")).resolve("../vtopo").normalize();
    Files.copy(launcher, root.resolve("vtopo"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    source = root.resolve("cli/src/main/java/A.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class A {}");
    Files.writeString(root.resolve("cli/pom.xml"), "<project/>");
    jar = root.resolve("cli/target/vtopo.jar");
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "jar");
    calls = root.resolve("calls");
    Path bin = Files.createDirectories(root.resolve("bin"));
    script(bin.resolve("mvn"), "echo mvn >> " + calls + "\ntouch " + jar + "\n");
    // java: the archive dump writes its file; every call is recorded.
    script(
        bin.resolve("java"),
        "echo \"java $*\" >> "
            + calls
            + "\nfor a; do case \"$a\" in"
            + " -XX:SharedArchiveFile=*) case \"$*\" in *Xshare:dump*) : > \"${a#*=}\";; esac;; esac; done\n");
    old(root);
  }

  /** The tree dates from two hours ago and the jar from one: the jar is fresh. */
  private void old(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        Files.setLastModifiedTime(
            p, FileTime.from(Instant.now().minusSeconds(p.equals(jar) ? 3600 : 7200)));
      }
    }
  }

  /** An edit a minute ago: newer than the jar, older than a jar the (stand-in) build writes now. */
  private static void edited(Path p) throws IOException {
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(60)));
  }

  private String run(String... args) throws Exception {
    Files.deleteIfExists(calls);
    ProcessBuilder pb =
        new ProcessBuilder(
            new java.util.ArrayList<>(List.of("bash", root.resolve("vtopo").toString())));
    pb.command().addAll(List.of(args));
    Map<String, String> env = pb.environment();
    env.put("PATH", root.resolve("bin") + ":/usr/bin:/bin:/usr/sbin:/sbin");
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    String c = Files.exists(calls) ? Files.readString(calls) : "";
    return "exit=" + code + "\n" + out + c;
  }

  private static long builds(String run) {
    return run.lines().filter(l -> l.equals("mvn")).count();
  }

  @Test
  void rebuildsExactlyWhenASourceChanged() throws Exception {
    assertThat(builds(run("--version"))).as("no stamp yet, jar newer than every source").isZero();
    assertThat(root.resolve("cli/target/vtopo.sources")).exists();
    assertThat(builds(run("--version"))).isZero();

    edited(source);
    assertThat(run("--version"))
        .contains("vtopo: building")
        .satisfies(r -> assertThat(builds(r)).isOne());
    assertThat(builds(run("--version"))).as("built again only once").isZero();

    old(root);
    Path added = source.resolveSibling("B.java");
    Files.writeString(added, "class B {}");
    Files.setLastModifiedTime(added, FileTime.from(Instant.now().minusSeconds(7200)));
    edited(source.getParent());
    assertThat(builds(run("--version"))).as("a file added (its directory is newer)").isOne();

    Files.delete(added);
    old(root);
    assertThat(builds(run("--version"))).as("a file removed from the stamp's list").isOne();
    assertThat(builds(run("--version"))).isZero();
    assertThat(builds(run("--rebuild", "--version"))).isOne();
  }

  @Test
  void shortCommandsRunFromTheArchiveOnC1() throws Exception {
    String r = run("validate", "x.yaml");
    assertThat(r)
        .contains("-Xshare:dump")
        .contains("-XX:SharedArchiveFile=" + root.resolve("cli/target/vtopo.jsa"))
        .contains("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp " + jar)
        .contains("-cp " + jar + " io.vtopo.cli.Main validate x.yaml")
        .doesNotContain("UseTransparentHugePages");
    // Fleet commands ask for huge pages exactly where the kernel leaves them to madvise.
    Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    boolean madvise = Files.isReadable(thp) && Files.readString(thp).contains("[madvise]");
    assertThat(run("fleet", "check", "x.yaml").contains("-XX:+UseTransparentHugePages"))
        .isEqualTo(madvise);
    assertThat(run("serve", "x.yaml"))
        .doesNotContain("-Xshare:dump")
        .doesNotContain("TieredStopAtLevel=1")
        .contains("-cp " + jar + " io.vtopo.cli.Main serve x.yaml");
  }

  @Test
  void withoutLibvirtTheSandboxNamesTheCommandThatInstallsIt() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("bash", root.resolve("vtopo").toString(), "sandbox", "x.yaml");
    pb.environment().put("PATH", root.resolve("bin") + ":/usr/bin:/bin:/usr/sbin:/sbin");
    pb.environment().put("VTOPO_TEST_HIDE_LIBVIRT", "1");
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isEqualTo(3);
    assertThat(out).contains("sudo apt-get install libvirt0").contains("--links-only");
  }
}
