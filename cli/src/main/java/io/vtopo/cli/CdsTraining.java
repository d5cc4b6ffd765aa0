package io.vtopo.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The training run behind the launchers' class-data-sharing archive: the short commands a user
 * starts most, in one JVM, so that one class list ({@code -XX:DumpLoadedClassList}) covers all of
 * them: {@code --version}, {@code validate FILE}, {@code fleet check FILE} when the launcher gives
 * a fleet file, and a missing file (the error path). Nothing more: JDK 17 maps the archive at a
 * random address and relocates it on every start, so each run pays for the archive's size; {@code
 * -o json} (Jackson, 500 classes) and help would make every short command about 10% slower
 * (docs/benchmarks.md). Output is discarded.
 *
 * <p>{@code java -XX:DumpLoadedClassList=LIST -cp vtopo.jar io.vtopo.cli.CdsTraining [FILE...]}
 */
public final class CdsTraining {
  private CdsTraining() {}

  /**
   * Runs the training commands; {@code args} are example topology files to validate, and after
   * {@code --fleet} a fleet file to check ({@code vtopo fleet check}: the fleet and reachability
   * classes, about 250 that a fleet command otherwise loads from the jar).
   */
  public static void main(String[] args) {
    run(new String[] {"--version"});
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--fleet") && i + 1 < args.length) {
        run(new String[] {"fleet", "check", args[++i]});
      } else {
        run(new String[] {"validate", args[i]});
      }
    }
    run(new String[] {"validate", "/nonexistent/vtopo-cds-training.yaml"});
  }

  private static void run(String[] args) {
    StringWriter sink = new StringWriter();
    Main.run(args, new PrintWriter(sink), new PrintWriter(sink));
  }
}
