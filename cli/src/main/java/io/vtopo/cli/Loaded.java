package io.vtopo.cli;

import io.vtopo.core.diag.Diagnostic;
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
 * @param file the path as given
 * @param topology the model when the file is structurally valid
 * @param diagnostics every diagnostic, sorted
 */
record Loaded(String file, Optional<Topology> topology, List<Diagnostic> diagnostics) {
  static Loaded of(Path path) {
    TopologyReader.Result r = Validator.check(path);
    return new Loaded(path.toString(), r.topology(), r.diagnostics().sorted());
  }

  long count(Severity s) {
    return diagnostics.stream().filter(d -> d.severity() == s).count();
  }

  boolean valid(boolean strict) {
    return topology.isPresent() && count(Severity.ERROR) == 0 && (!strict || count(Severity.WARNING) == 0);
  }

  void print(PrintWriter w) {
    for (Diagnostic d : diagnostics) {
      w.println(d.format());
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
   * @param json in a JSON mode, stdout, which then gets the error document with the diagnostics; else null
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
