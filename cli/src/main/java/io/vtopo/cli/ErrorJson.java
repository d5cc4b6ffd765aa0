package io.vtopo.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vtopo.core.diag.Diagnostic;
import io.vtopo.render.DiagnosticsJson;
import io.vtopo.render.Json;
import java.util.List;

/**
 * What a JSON mode prints on stdout when the command fails: {@code {"error": {"message", "kind",
 * "exitCode", "diagnostics": [...]}}}.
 */
final class ErrorJson {
  private ErrorJson() {}

  /**
   * The document.
   *
   * @param message the one-line reason (also printed on stderr)
   * @param kind {@code invalid-input}, {@code unavailable}, {@code permission-denied}, {@code io},
   *     ...
   * @param exitCode the process exit code
   * @param diagnostics the file's diagnostics when it was invalid, else empty
   */
  static String of(String message, String kind, int exitCode, List<Diagnostic> diagnostics) {
    return Json.pretty(
        new Doc(
            new Error(
                message,
                kind,
                exitCode,
                diagnostics.isEmpty()
                    ? null
                    : diagnostics.stream()
                        .map(d -> DiagnosticsJson.Entry.of(d).withoutHint())
                        .toList())));
  }

  private record Doc(Error error) {}

  private record Error(
      String message,
      String kind,
      int exitCode,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<DiagnosticsJson.Entry> diagnostics) {}
}
