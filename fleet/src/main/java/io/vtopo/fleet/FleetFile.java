package io.vtopo.fleet;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.diag.Diagnostics;
import io.vtopo.core.diag.Severity;
import io.vtopo.core.io.SourceMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fleet file read and checked, as every {@code vtopo fleet} command needs it first.
 *
 * @param file the path as given
 * @param fleet the model when the file is structurally valid
 * @param sources positions in the fleet file
 * @param hostSources per host, positions of its own objects
 * @param diagnostics every diagnostic, sorted
 * @param render the renderer the checks used (its renders are kept), or null without a fleet
 */
public record FleetFile(
    String file,
    Optional<Fleet> fleet,
    SourceMap sources,
    Map<String, SourceMap> hostSources,
    List<Diagnostic> diagnostics,
    FleetRender render) {
  /** Reads {@code path} and, when it is structurally valid, runs every fleet rule. */
  public static FleetFile load(Path path) {
    FleetReader.Result r = FleetReader.read(path);
    Diagnostics d = r.diagnostics();
    FleetRender render = r.fleet().map(FleetRender::new).orElse(null);
    if (render != null) {
      d.addAll(FleetChecks.check(render, r.sources(), r.hostSources()));
    }
    return new FleetFile(
        path.toString(), r.fleet(), r.sources(), r.hostSources(), d.sorted(), render);
  }

  /** How many diagnostics have this severity. */
  public long count(Severity s) {
    return diagnostics.stream().filter(d -> d.severity() == s).count();
  }

  /** True when the fleet was read and has no error (and, when strict, no warning). */
  public boolean valid(boolean strict) {
    return fleet.isPresent()
        && count(Severity.ERROR) == 0
        && (!strict || count(Severity.WARNING) == 0);
  }
}
