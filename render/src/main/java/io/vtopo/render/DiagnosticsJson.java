package io.vtopo.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.diag.Severity;
import java.util.List;

/** Diagnostics as JSON, for editors and CI ({@code vtopo validate --output json}). */
public final class DiagnosticsJson {
  private DiagnosticsJson() {}

  /**
   * One JSON document: {@code {"files":[{"file","valid","diagnostics":[...]}], "errors",
   * "warnings"}}.
   *
   * @param files each file with its diagnostics and whether it counts as valid
   */
  public static String render(List<FileResult> files) {
    List<FileDoc> docs =
        files.stream()
            .map(
                f ->
                    new FileDoc(
                        f.file(), f.valid(), f.diagnostics().stream().map(Entry::of).toList()))
            .toList();
    long errors =
        files.stream()
            .flatMap(f -> f.diagnostics().stream())
            .filter(d -> d.severity() == Severity.ERROR)
            .count();
    long all = files.stream().mapToLong(f -> f.diagnostics().size()).sum();
    return Json.pretty(new Doc(docs, errors, all - errors));
  }

  private record Doc(List<FileDoc> files, long errors, long warnings) {}

  private record FileDoc(String file, boolean valid, List<Entry> diagnostics) {}

  /**
   * One diagnostic as the JSON documents write it (this one, and a JSON mode's error document).
   *
   * @param severity {@code error} or {@code warning}
   * @param rule the rule id
   * @param file the file
   * @param line 1-based line
   * @param column 1-based column
   * @param path the object path
   * @param message what is wrong
   * @param hint how to fix it; left out when null
   */
  public record Entry(
      String severity,
      String rule,
      String file,
      int line,
      int column,
      String path,
      String message,
      @JsonInclude(JsonInclude.Include.NON_NULL) String hint) {
    /** The entry of {@code d}. */
    public static Entry of(Diagnostic d) {
      return new Entry(
          d.severity().label(),
          d.rule(),
          d.position().file(),
          d.position().line(),
          d.position().column(),
          d.path(),
          d.message(),
          d.hint());
    }

    /** The same entry without its hint (the error document lists no hints). */
    public Entry withoutHint() {
      return new Entry(severity, rule, file, line, column, path, message, null);
    }
  }

  /**
   * One validated file.
   *
   * @param file the file name
   * @param valid whether it passed (no errors; no warnings under --strict)
   * @param diagnostics its diagnostics, sorted
   */
  public record FileResult(String file, boolean valid, List<Diagnostic> diagnostics) {}
}
