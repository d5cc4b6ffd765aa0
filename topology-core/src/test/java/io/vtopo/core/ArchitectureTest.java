package io.vtopo.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core stays pure: no native access, no libvirt, no processes, no sockets (the build bans the jars too). */
class ArchitectureTest {
  private static final List<String> FORBIDDEN = List.of("com.sun.jna", "org.libvirt", "ProcessBuilder",
      "Runtime.getRuntime", "java.net.Socket", "java.nio.channels.SocketChannel", "System.loadLibrary", "io.netty");

  @Test
  void coreSourcesUseNoNativeLibvirtOrProcesses() throws IOException {
    List<String> offences = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(f);
        for (String bad : FORBIDDEN) {
          if (text.contains(bad)) {
            offences.add(f + " uses " + bad);
          }
        }
      }
    }
    assertThat(offences).isEmpty();
  }
}
