package io.vtopo.core.reach;

import io.vtopo.core.model.Expectation;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code vtopo check} report: the segments with their vNICs, which segments reach which through
 * the host, and every expectation as PASS or FAIL with its explanation; {@code
 * io.vtopo.render.ReachReportRenderer} prints it.
 *
 * @param analysis the analysis
 * @param results one entry per expectation, in file order
 */
public record ReachReport(Reachability analysis, List<Result> results) {
  /**
   * One expectation checked.
   *
   * @param expectation the intent
   * @param verdict what the analysis found
   */
  public record Result(Expectation expectation, Verdict verdict) {
    /** True if the analysis agrees with the intent. */
    public boolean pass() {
      return verdict.reachable() == expectation.reachable();
    }
  }

  /** Copies the list. */
  public ReachReport {
    results = List.copyOf(results);
  }

  /** Analyses a topology and checks every expectation. */
  public static ReachReport of(Reachability analysis) {
    List<Result> rs = new ArrayList<>();
    for (Expectation e : analysis.topology().expectations()) {
      Verdict v;
      try {
        v = analysis.check(e);
      } catch (IllegalArgumentException unknown) {
        // Only an unvalidated model (live state, a file with errors) names VMs that do not exist.
        v = new Verdict(e.from(), e.to(), false, List.of(), unknown.getMessage(), List.of());
      }
      rs.add(new Result(e, v));
    }
    return new ReachReport(analysis, rs);
  }

  /** Number of expectations that fail. */
  public long failures() {
    return results.stream().filter(r -> !r.pass()).count();
  }
}
