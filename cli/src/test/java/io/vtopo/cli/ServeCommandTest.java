package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vtopo serve} before it touches the host: help and an invalid file. The live part is
 * ServeBrowserTest.
 */
class ServeCommandTest {
  @TempDir Path tmp;

  @Test
  void helpListsTheOptionsAndDefaults() {
    LiveHost.Run r = LiveHost.vtopo("serve", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "--bind=ADDR",
            "default: 127.0.0.1",
            "--port=N",
            "0 for any free one",
            "--resync",
            "--netns",
            "--connect",
            "read-only");
  }

  @Test
  void anInvalidFileStopsBeforeServing() throws Exception {
    Path f = tmp.resolve("bad.yaml");
    Files.writeString(
        f, "apiVersion: vtopo/v1\nname: x\nlinks:\n  - {name: br0, kind: bridge, mtu: 99999999}\n");
    LiveHost.Run r = LiveHost.vtopo("serve", f.toString(), "--port", "0", "--connect", "none");
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("bad.yaml:4:").contains("links[br0].mtu");
  }
}
