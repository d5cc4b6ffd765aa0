package io.vtopo.cli;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.io.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code -O/--out-file PATH}, the one way every command writes its output into a file: mixed into
 * the commands that take the option.
 */
final class OutFile {
  @Option(
      names = {"-O", "--out-file"},
      paramLabel = "PATH",
      description = "Write to PATH instead of standard output.")
  Path path;

  /** The path {@code -O} named, or null for standard output. */
  Path path() {
    return path;
  }

  /** {@code text} into the file {@code -O} named, else on {@code out}. */
  void emit(java.io.PrintWriter out, String text) {
    if (path != null) {
      write(path, text);
    } else {
      out.print(text);
      out.flush();
    }
  }

  /** Writes {@code text}; a failure says which file and the operating system's reason. */
  static void write(Path path, String text) {
    try {
      Files.writeString(path, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new VtopoException(
          e instanceof java.nio.file.AccessDeniedException
              ? Kind.PERMISSION_DENIED
              : Kind.INVALID_INPUT,
          null,
          IoErrors.describe("cannot write", path.toString(), e),
          e);
    }
  }
}
