package io.vtopo.core.reach;

import io.vtopo.core.model.Expectation;
import io.vtopo.core.reach.LivePlan.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * Predicted against observed reachability for every check of a {@link LivePlan}: the output of
 * {@code vtopo check --live}, grouped by segment pair like the static summary, every disagreement
 * with the static path that predicted otherwise. {@code io.vtopo.render.LiveReportRenderer} prints
 * it.
 */
public final class LiveReport {
  /**
   * What a probe saw.
   *
   * @param reachable whether an echo reply came back
   * @param detail {@code reply in 0.3 ms}, {@code no reply within 1000 ms}, or the ICMP error
   */
  public record Observation(boolean reachable, String detail) {}

  /**
   * An intent checked twice: statically and on the host.
   *
   * @param expectation the intent
   * @param predicted the static verdict
   * @param tested whether at least one of its vNIC pairs was probed
   * @param observed whether any probed vNIC pair of it got a reply
   */
  public record Intent(
      Expectation expectation, Verdict predicted, boolean tested, boolean observed) {
    /** The static analysis meets the intent, and so does the host when it was tested. */
    public boolean pass() {
      return predicted.reachable() == expectation.reachable()
          && (!tested || observed == expectation.reachable());
    }
  }

  private final LivePlan plan;
  private final List<Observation> observed;
  private final List<Intent> intents = new ArrayList<>();
  private final List<String> notes;

  /**
   * @param plan the checks
   * @param observed one observation per check of {@code plan.checks()}, null where the check was
   *     not probed
   * @param notes lines about the run (where probes were, what was not probed and why)
   */
  public LiveReport(LivePlan plan, List<Observation> observed, List<String> notes) {
    if (observed.size() != plan.checks().size()) {
      throw new IllegalArgumentException(
          observed.size() + " observations for " + plan.checks().size() + " checks");
    }
    this.plan = plan;
    this.observed = new ArrayList<>(observed);
    this.notes = List.copyOf(notes);
    List<Check> checks = plan.checks();
    for (Expectation e : plan.reachability().topology().expectations()) {
      boolean tested = false;
      boolean reached = false;
      for (int i = 0; i < checks.size(); i++) {
        Check c = checks.get(i);
        boolean target =
            c.to() != null ? LivePlan.matches(e.to(), c.to()) : Expectation.HOST.equals(e.to());
        if (observed.get(i) != null && LivePlan.matches(e.from(), c.from()) && target) {
          tested = true;
          reached |= observed.get(i).reachable();
        }
      }
      intents.add(new Intent(e, plan.reachability().check(e), tested, reached));
    }
  }

  /** Probed checks whose observation differs from the prediction. */
  public int disagreements() {
    int n = 0;
    for (int i = 0; i < observed.size(); i++) {
      if (observed.get(i) != null
          && observed.get(i).reachable() != plan.checks().get(i).predicted()) {
        n++;
      }
    }
    return n;
  }

  /** Probed checks whose observation matches the prediction. */
  public int agreements() {
    return (int) observed.stream().filter(o -> o != null).count() - disagreements();
  }

  /** Checks that were not probed. */
  public int skipped() {
    return (int) observed.stream().filter(o -> o == null).count();
  }

  /** Intents that fail statically or on the host. */
  public int failedIntents() {
    return (int) intents.stream().filter(i -> !i.pass()).count();
  }

  /** The intents, in file order. */
  public List<Intent> intents() {
    return List.copyOf(intents);
  }

  /** The checks that were run or skipped. */
  public LivePlan plan() {
    return plan;
  }

  /** One observation per check of {@code plan().checks()}, null where the check was not probed. */
  public List<Observation> observed() {
    return java.util.Collections.unmodifiableList(observed);
  }

  /** Lines about the run. */
  public List<String> notes() {
    return notes;
  }
}
