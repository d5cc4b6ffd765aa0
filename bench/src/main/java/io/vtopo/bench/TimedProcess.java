package io.vtopo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One command as a whole process: its wall clock from spawn to exit, and its CPU time (user + sys,
 * from {@code /usr/bin/time}), which a loaded shared machine disturbs far less than the wall clock.
 *
 * @param wall seconds from spawn to exit
 * @param cpu user + system seconds, NaN without {@code /usr/bin/time}
 * @param exitCode the command's exit code
 */
record TimedProcess(double wall, double cpu, int exitCode) {
  /**
   * Runs {@code cmd} with stdout and stderr into {@code output}; {@code dir} holds scratch files.
   */
  static TimedProcess run(List<String> cmd, Path dir, Path output)
      throws IOException, InterruptedException {
    return run(cmd, java.util.Map.of(), dir, output);
  }

  /** Like {@link #run(List, Path, Path)}, with {@code env} added to the command's environment. */
  static TimedProcess run(
      List<String> cmd, java.util.Map<String, String> env, Path dir, Path output)
      throws IOException, InterruptedException {
    Path times = dir.resolve("times");
    List<String> argv = new ArrayList<>();
    boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
    if (timed) {
      argv.addAll(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%U %S"));
    }
    argv.addAll(cmd);
    long t0 = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().putAll(env);
    Process p = pb.redirectErrorStream(true).redirectOutput(output.toFile()).start();
    int rc = p.waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = Double.NaN;
    if (timed) {
      // /usr/bin/time writes "Command exited with non-zero status N" first when it fails.
      String[] f = Files.readString(times).trim().split("\\s+");
      cpu = Double.parseDouble(f[f.length - 2]) + Double.parseDouble(f[f.length - 1]);
    }
    return new TimedProcess(wall, cpu, rc);
  }
}
