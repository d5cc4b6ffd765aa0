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
 * @param foreign objects the file declares that exist but that this topology does not own (left
 *     alone; the ones that differ from the file are also refusals)
 */
public record Plan(
    String topology,
    List<Step> steps,
    List<Refusal> refusals,
    List<String> warnings,
    List<Foreign> foreign) {
  /** Copies the lists. */
  public Plan {
    steps = List.copyOf(steps);
    refusals = List.copyOf(refusals);
    warnings = List.copyOf(warnings);
    foreign = List.copyOf(foreign);
  }

  /** A plan that declares no foreign objects. */
  public Plan(String topology, List<Step> steps, List<Refusal> refusals, List<String> warnings) {
    this(topology, steps, refusals, warnings, List.of());
  }

  /** True if the host already matches the file. */
  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** Number of steps with an action. */
  public long count(Action a) {
    return steps.stream().filter(s -> s.action() == a).count();
  }

  /**
   * Objects made by another tool that match the file: unmanaged, and what {@code vtopo adopt FILE
   * --all} takes over.
   */
  public List<Foreign> unmanaged() {
    return foreign.stream()
        .filter(Foreign::adoptable)
        .sorted(java.util.Comparator.comparing(Foreign::id))
        .toList();
  }
}
