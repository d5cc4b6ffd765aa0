package io.vtopo.cli;

import picocli.CommandLine.Option;

/**
 * {@code -o/--output dot|mermaid|json|svg|html} of {@code vtopo graph} and {@code vtopo fleet
 * graph}: mixed into both, so the two drawings take the same formats.
 */
final class GraphFormat {
  /** Output formats. */
  enum Format {
    dot,
    mermaid,
    json,
    svg,
    html
  }

  @Option(
      names = {"-o", "--output"},
      defaultValue = "dot",
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  /** The format asked for. */
  Format get() {
    return format;
  }
}
