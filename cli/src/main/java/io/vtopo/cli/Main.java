package io.vtopo.cli;

import io.vtopo.core.VtopoException;
import io.vtopo.core.io.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Entry point: builds the command line and maps failures to exit codes without stack traces (unless
 * --debug).
 */
public final class Main {
  /** Type-name patterns picocli registers no converter for (its system property, if unset). */
  static final String CONVERTER_EXCLUDES = "java\\.(time|sql)\\..*";

  static {
    // picocli registers converters for java.time and java.sql types by reflection, and
    // Class.forName runs their static initialisers (DateTimeFormatter's and ZoneId's tables):
    // about a sixth of building a command's model. No vtopo option has such a type
    // (StartupTest checks every option); java.time.Duration options would need a converter.
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", CONVERTER_EXCLUDES);
    }
  }

  private Main() {}

  /** Runs vtopo and exits with its code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, out, err);
    // print() does not flush an autoflush writer: without this, a command that printed and returned
    // lost its output.
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs vtopo with the given streams; used by tests. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    if (versionOnly(args)) {
      // The one command that needs no model at all: picocli's first CommandLine costs more CPU
      // than the JVM's own start (annotation proxies, converters, help styles). Same text as
      // picocli's printVersionHelp (StartupTest compares them).
      for (String line : VtopoCommand.Version.lines()) {
        out.println(line);
      }
      out.flush();
      return ExitCodes.OK;
    }
    CommandLine cl = commandLine(args);
    cl.setOut(out);
    cl.setErr(err);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** {@code vtopo --version} or {@code vtopo -V} and nothing else. */
  static boolean versionOnly(String[] args) {
    return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
  }

  /** The configured command line with every subcommand (help, completion, the man page). */
  public static CommandLine commandLine() {
    return configure(withSubcommands(VtopoCommand.SUBCOMMANDS));
  }

  /**
   * The command line needed to run {@code args}: only the subcommand they name ({@code validate
   * FILE} builds picocli's model of validate alone), only the root for {@code --version}, and
   * everything otherwise (help, a mistyped command that wants suggestions, completion).
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
      if (!c.equals(CompletionCommand.class)
          && c.getAnnotation(CommandLine.Command.class).name().equals(first)) {
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
    versionEverywhere(cl);
    Handlers h = new Handlers();
    cl.setExitCodeExceptionMapper(h);
    cl.setExecutionExceptionHandler(h);
    cl.setParameterExceptionHandler(h);
    return cl;
  }

  /**
   * Exit codes and messages for failures. A class, not lambdas: picocli's handler interfaces are
   * Java 5 class files, and a lambda implementing one keeps the interface (and the lambda) out of
   * the launcher's class-data-sharing archive (JDK 17 "Old class has been linked").
   */
  private static final class Handlers
      implements CommandLine.IExitCodeExceptionMapper,
          CommandLine.IExecutionExceptionHandler,
          CommandLine.IParameterExceptionHandler {
    @Override
    public int getExitCode(Throwable ex) {
      return exitCode(ex);
    }

    @Override
    public int handleExecutionException(
        Exception ex, CommandLine line, CommandLine.ParseResult parse) {
      VtopoCommand root =
          line.getCommandSpec().root().userObject() instanceof VtopoCommand v ? v : null;
      PrintWriter err = line.getErr();
      String message = oneLine(ex);
      int code = exitCode(ex);
      if (line.getCommandSpec().userObject() instanceof JsonOutput j && j.jsonOutput()) {
        // A program reading stdout gets a document even when the command failed.
        line.getOut().print(ErrorJson.of(message, kind(ex), code, java.util.List.of()));
        line.getOut().flush();
      }
      err.println("vtopo: " + message);
      if (root != null && root.debug) {
        ex.printStackTrace(err);
      } else if (!(ex instanceof VtopoException)
          && !(ex instanceof IOException)
          && !(ex instanceof UncheckedIOException)) {
        err.println("(run with --debug for the stack trace)");
      }
      err.flush();
      return code;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("vtopo: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println(
          "Try '"
              + ex.getCommandLine().getCommandSpec().qualifiedName()
              + " --help' for more information.");
      return ExitCodes.USAGE;
    }
  }

  /** {@code -V} prints vtopo's version on every subcommand, not only on the root. */
  private static void versionEverywhere(CommandLine cl) {
    cl.getCommandSpec().versionProvider(new VtopoCommand.Version());
    for (CommandLine sub : cl.getSubcommands().values()) {
      versionEverywhere(sub);
    }
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

  private static String kind(Throwable ex) {
    if (ex instanceof VtopoException v) {
      return v.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
    return ex instanceof IOException || ex instanceof UncheckedIOException ? "io" : "failed";
  }

  /** The message with the operating system's reason: {@code out.svg: no such file or directory}. */
  static String oneLine(Throwable ex) {
    Throwable e = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
    String m;
    if (e instanceof FileSystemException f && f.getFile() != null) {
      m =
          f.getFile()
              + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile())
              + ": "
              + IoErrors.reason(f);
    } else if (e instanceof IOException io) {
      m = IoErrors.reason(io);
    } else {
      m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return m.replaceAll("\\s*\\n\\s*", " ");
  }
}
