package io.vtopo.cli;

import io.vtopo.core.VtopoException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: builds the command line and maps failures to exit codes without stack traces (unless --debug). */
public final class Main {
  private Main() {}

  /** Runs vtopo and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs vtopo with the given streams; used by tests. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  /** The configured command line. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new VtopoCommand());
    cl.setExitCodeExceptionMapper(Main::exitCode);
    cl.setExecutionExceptionHandler((ex, line, parse) -> {
      VtopoCommand root = line.getCommandSpec().root().userObject() instanceof VtopoCommand v ? v : null;
      PrintWriter err = line.getErr();
      err.println("vtopo: " + oneLine(ex));
      if (root != null && root.debug) {
        ex.printStackTrace(err);
      } else if (!(ex instanceof VtopoException)) {
        err.println("(run with --debug for the stack trace)");
      }
      err.flush();
      return exitCode(ex);
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("vtopo: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      return ExitCodes.USAGE;
    });
    return cl;
  }

  static int exitCode(Throwable ex) {
    if (ex instanceof VtopoException v) {
      return switch (v.kind()) {
        case UNAVAILABLE, PERMISSION_DENIED, UNSUPPORTED -> ExitCodes.HOST;
        default -> ExitCodes.INVALID;
      };
    }
    return ExitCodes.INVALID;
  }

  private static String oneLine(Throwable ex) {
    String m = ex.getMessage();
    return (m == null ? ex.getClass().getSimpleName() : m).replaceAll("\\s*\\n\\s*", " ");
  }
}
