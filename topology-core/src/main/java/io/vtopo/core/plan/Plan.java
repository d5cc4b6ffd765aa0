package io.vtopo.core.plan;

import java.util.List;

/**
 * An ordered plan: deletions first (dependents before what they depend on), then creations and
 * modifications in dependency order. A pure value; {@link PlanRenderer} prints it.
 *
 * @param topology topology name
 * @param steps ordered steps
 * @param refusals reasons the plan cannot be applied without a flag, or at all
 * @param warnings things the operator should know (unmodelled live settings, adopted NICs)
 */
public record Plan(
    String topology, List<Step> steps, List<Refusal> refusals, List<String> warnings) {
  /** Copies the lists. */
  public Plan {
    steps = List.copyOf(steps);
    refusals = List.copyOf(refusals);
    warnings = List.copyOf(warnings);
  }

  /** True if the host already matches the file. */
  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** Number of steps with an action. */
  public long count(Action a) {
    return steps.stream().filter(s -> s.action() == a).count();
  }
}
