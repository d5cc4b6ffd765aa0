package io.vtopo.cli;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.diag.Diagnostics;
import io.vtopo.core.diag.Printable;
import io.vtopo.core.diag.Severity;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Topology;
import io.vtopo.core.validate.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A topology file read and validated, as every command needs it first.
 *
 * @param file the path as given, with control characters escaped (it is printed)
 * @param topology the model when the file is structurally valid
 * @param diagnostics the diagnostics kept, sorted (at most {@link Diagnostics#MAX_KEPT})
 * @param errors errors found, kept or not
 * @param warnings warnings found, kept or not
 */
record Loaded(
    String file,
    Optional<Topology> topology,
    List<Diagnostic> diagnostics,
    long errors,
    long warnings) {
  /** Most diagnostics printed as text for one file; the rest are counted in one line. */
  static final int MAX_PRINTED = 100;

  static Loaded of(Path path) {
    TopologyReader.Result r = Validator.check(path);
    Diagnostics d = r.diagnostics();
    return new Loaded(
        Printable.escape(path.toString()),
        r.topology(),
        d.sorted(),
        d.count(Severity.ERROR),
        d.count(Severity.WARNING));
  }

  long count(Severity s) {
    return s == Severity.ERROR ? errors : warnings;
  }

  boolean valid(boolean strict) {
    return topology.isPresent()
        && count(Severity.ERROR) == 0
        && (!strict || count(Severity.WARNING) == 0);
  }

  /** Prints the first {@link #MAX_PRINTED} diagnostics and how many more there are. */
  void print(PrintWriter w) {
    diagnostics.stream().limit(MAX_PRINTED).forEach(d -> w.println(d.format()));
    long more = errors + warnings - Math.min(MAX_PRINTED, diagnostics.size());
    if (more > 0) {
      w.println(
          file
              + ": "
              + more
              + " more diagnostic(s) not shown (the first "
              + MAX_PRINTED
              + " are shown"
              + (diagnostics.size() > MAX_PRINTED
                  ? "; -o json lists the first " + diagnostics.size()
                  : "")
              + ")");
    }
  }

  /** Prints the diagnostics and returns the topology, or empty when it has errors. */
  Optional<Topology> requireValid(PrintWriter err) {
    return requireValid(err, null);
  }

  /**
   * Prints the diagnostics and returns the topology, or empty when it has errors.
   *
   * @param err where the diagnostics go
   * @param json in a JSON mode, stdout, which then gets the error document with the diagnostics;
   *     else null
   */
  Optional<Topology> requireValid(PrintWriter err, PrintWriter json) {
    if (!valid(false)) {
      print(err);
      String summary = file + ": " + count(Severity.ERROR) + " error(s)";
      if (json != null) {
        json.print(ErrorJson.of(summary, "invalid-input", ExitCodes.INVALID, diagnostics));
        json.flush();
      }
      err.println(summary + "; run 'vtopo validate " + file + "' for details");
      return Optional.empty();
    }
    return topology;
  }
}
