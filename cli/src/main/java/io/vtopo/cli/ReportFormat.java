package io.vtopo.cli;

import picocli.CommandLine.Option;

/**
 * {@code -o/--output text|json} of the commands that print a report or its JSON (validate, check,
 * plan and their fleet counterparts): mixed into each, so the option reads the same everywhere.
 */
final class ReportFormat {
  /** Output formats. */
  enum Format {
    text,
    json
  }

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  /** Whether {@code -o json} was asked for. */
  boolean json() {
    return format == Format.json;
  }
}
