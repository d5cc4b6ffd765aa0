package io.vtopo.core.validate;

import io.vtopo.core.diag.Diagnostics;
import io.vtopo.core.io.SourceMap;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Topology;
import java.nio.file.Path;

/**
 * Offline semantic validation: cross-layer rules over a structurally valid topology. Every rule
 * runs and every problem is reported; rule ids are listed in docs/validation.md.
 */
public final class Validator {
  private Validator() {}

  /** Runs every rule over {@code topo}, reporting positions from {@code src}. */
  public static Diagnostics validate(Topology topo, SourceMap src) {
    Diagnostics diags = new Diagnostics();
    Report r = new Report(topo, src, diags);
    new LinkRules(r).run();
    new AddressRules(r).run();
    new NetworkRules(r).run();
    new StorageRules(r).run();
    new VmRules(r).run();
    return diags;
  }

  /**
   * Reads and validates a file: structural problems first; semantic rules run only on a well-formed
   * file.
   */
  public static TopologyReader.Result check(Path file) {
    TopologyReader.Result res = TopologyReader.read(file);
    return withSemantics(res);
  }

  /** Adds semantic diagnostics to a read result. */
  public static TopologyReader.Result withSemantics(TopologyReader.Result res) {
    res.topology().ifPresent(t -> res.diagnostics().addAll(validate(t, res.sources())));
    return res;
  }
}
