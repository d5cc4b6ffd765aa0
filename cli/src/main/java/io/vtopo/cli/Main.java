package io.vtopo.cli;

import io.vtopo.core.VtopoException;
import java.io.PrintWriter;
import java.util.List;
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
    CommandLine cl = commandLine(args);
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  /** The configured command line with every subcommand (help, completion, the man page). */
  public static CommandLine commandLine() {
    return configure(withSubcommands(VtopoCommand.SUBCOMMANDS));
  }

  /**
   * The command line needed to run {@code args}: only the subcommand they name ({@code validate FILE} builds
   * picocli's model of validate alone), only the root for {@code --version}, and everything otherwise (help, a
   * mistyped command that wants suggestions, completion).
   */
  static CommandLine commandLine(String[] args) {
    String first = null;
    boolean onlyRootOptions = args.length > 0;
    for (String a : args) {
      if (!a.startsWith("-")) {
        first = a;
        break;
      }
      onlyRootOptions &= a.equals("-V") || a.equals("--version") || a.equals("--debug");
    }
    if (first == null) {
      return onlyRootOptions ? configure(withSubcommands(List.of())) : commandLine();
    }
    for (Class<?> c : VtopoCommand.SUBCOMMANDS) {
      if (!c.equals(CompletionCommand.class) && c.getAnnotation(CommandLine.Command.class).name().equals(first)) {
        return configure(withSubcommands(List.of(c)));
      }
    }
    return commandLine();
  }

  private static CommandLine withSubcommands(List<Class<?>> subcommands) {
    CommandLine cl = new CommandLine(new VtopoCommand());
    for (Class<?> c : subcommands) {
      cl.addSubcommand(c);
    }
    return cl;
  }

  private static CommandLine configure(CommandLine cl) {
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
