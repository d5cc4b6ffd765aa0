package io.vtopo.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.diag.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Diagnostics as JSON, for editors and CI ({@code vtopo validate --output json}). */
public final class DiagnosticsJson {
  private DiagnosticsJson() {}

  /**
   * One JSON document: {@code {"files":[{"file","valid","diagnostics":[...]}], "errors", "warnings"}}.
   *
   * @param files each file with its diagnostics and whether it counts as valid
   */
  public static String render(List<FileResult> files) {
    StringWriter w = new StringWriter();
    try (JsonGenerator j = new JsonFactory().createGenerator(w)) {
      j.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));
      j.writeStartObject();
      j.writeArrayFieldStart("files");
      long errors = 0;
      long warnings = 0;
      for (FileResult f : files) {
        j.writeStartObject();
        j.writeStringField("file", f.file());
        j.writeBooleanField("valid", f.valid());
        j.writeArrayFieldStart("diagnostics");
        for (Diagnostic d : f.diagnostics()) {
          if (d.severity() == Severity.ERROR) {
            errors++;
          } else {
            warnings++;
          }
          j.writeStartObject();
          j.writeStringField("severity", d.severity().label());
          j.writeStringField("rule", d.rule());
          j.writeStringField("file", d.position().file());
          j.writeNumberField("line", d.position().line());
          j.writeNumberField("column", d.position().column());
          j.writeStringField("path", d.path());
          j.writeStringField("message", d.message());
          if (d.hint() != null) {
            j.writeStringField("hint", d.hint());
          }
          j.writeEndObject();
        }
        j.writeEndArray();
        j.writeEndObject();
      }
      j.writeEndArray();
      j.writeNumberField("errors", errors);
      j.writeNumberField("warnings", warnings);
      j.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w + "\n";
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
