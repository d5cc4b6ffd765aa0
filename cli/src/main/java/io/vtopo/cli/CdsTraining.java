package io.vtopo.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The training run behind the launchers' class-data-sharing archive: the short commands a user
 * starts most, in one JVM, so that one class list ({@code -XX:DumpLoadedClassList}) covers all of
 * them: {@code --version}, {@code validate FILE} as text and as JSON, a missing file and {@code
 * validate --help}. Output is discarded; the exit code is 0 whatever the commands return (an
 * archive of a run that failed is still an archive of the classes it loaded).
 *
 * <p>{@code java -XX:DumpLoadedClassList=LIST -cp vtopo.jar io.vtopo.cli.CdsTraining [FILE]}
 */
public final class CdsTraining {
  private CdsTraining() {}

  /** Runs the training commands; {@code args} are example topology files to validate. */
  public static void main(String[] args) {
    run(new String[] {"--version"});
    // The picocli model too (the fast path above skips it): a subcommand's -V and help use it.
    run(new String[] {"validate", "--help"});
    for (String file : args) {
      run(new String[] {"validate", file});
      run(new String[] {"validate", "-o", "json", file});
    }
    // The error path: a diagnostic printed with its position and rule.
    run(new String[] {"validate", "/nonexistent/vtopo-cds-training.yaml"});
  }

  private static void run(String[] args) {
    StringWriter sink = new StringWriter();
    Main.run(args, new PrintWriter(sink), new PrintWriter(sink));
  }
}
