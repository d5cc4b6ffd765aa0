package io.vtopo.core.plan;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints a plan for people (terraform-like): the command output, the journal's record of what an
 * apply set out to do and the verify error. The JSON form for programs is {@code
 * io.vtopo.render.PlanJson}.
 */
public final class PlanRenderer {
  private PlanRenderer() {}

  /** The human form. */
  public static String text(Plan p) {
    StringBuilder sb = new StringBuilder();
    if (p.isEmpty()) {
      sb.append("No changes: the host matches topology '").append(p.topology()).append("'.\n");
    } else {
      sb.append("Plan for topology '")
          .append(p.topology())
          .append("' (")
          .append(p.steps().size())
          .append(" step(s), in order):\n\n");
      int i = 1;
      for (Step s : p.steps()) {
        sb.append(
            String.format(
                "%3d. %-3s %-7s %s (%s)%s%n",
                i++,
                s.action().symbol(),
                s.action().verb(),
                s.id(),
                s.kind(),
                marks(s.marks()) + effect(s)));
        for (FieldChange c : s.changes()) {
          sb.append("          ").append(c).append('\n');
        }
        for (String imp : s.impact()) {
          sb.append("          affects: ").append(imp).append('\n');
        }
      }
      sb.append('\n').append(summary(p)).append('\n');
    }
    for (String w : p.warnings()) {
      sb.append("warning: ").append(w).append('\n');
    }
    if (!p.refusals().isEmpty()) {
      sb.append("\nThis plan cannot be applied as it stands:\n");
      for (Refusal r : p.refusals()) {
        sb.append("  ! ").append(r).append('\n');
      }
    }
    return sb.toString();
  }

  /** {@code Plan: 2 to create, 1 to modify, 0 to replace, 1 to delete.} */
  public static String summary(Plan p) {
    return String.format(
        "Plan: %d to create, %d to modify, %d to replace, %d to delete.",
        p.count(Action.CREATE),
        p.count(Action.MODIFY),
        p.count(Action.REPLACE),
        p.count(Action.DELETE));
  }

  private static String effect(Step s) {
    return s instanceof Step.DeviceStep d ? "  {" + d.effect().label() + "}" : "";
  }

  private static String marks(Set<Mark> marks) {
    if (marks.isEmpty()) {
      return "";
    }
    return "  ["
        + marks.stream()
            .map(m -> m.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .collect(Collectors.joining(", "))
        + "]";
  }
}
