package io.vtopo.core.plan;

import io.vtopo.core.model.ObjectId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints a plan for people (terraform-like): the command output, the journal's record of what an
 * apply set out to do and the verify error. The JSON form for programs is {@code
 * io.vtopo.render.PlanJson}.
 */
public final class PlanRenderer {
  private PlanRenderer() {}

  /**
   * What the command adds around a plan: the topology file's path (for the adopt command it names)
   * and, per object, the XML paths its live libvirt definition holds that vtopo does not model
   * (kept verbatim; repeated for the objects the plan changes).
   *
   * @param file the topology file as the operator named it, or null
   * @param unmodelled unmodelled XML paths by object
   */
  public record Context(String file, Map<ObjectId, List<String>> unmodelled) {
    /** Copies the map. */
    public Context {
      unmodelled = Map.copyOf(unmodelled);
    }

    /** No file, nothing unmodelled. */
    public static final Context NONE = new Context(null, Map.of());
  }

  /** The human form. */
  public static String text(Plan p) {
    return text(p, Context.NONE);
  }

  /** The human form, naming the file in adopt commands and repeating unmodelled XML paths. */
  public static String text(Plan p, Context ctx) {
    StringBuilder sb = new StringBuilder();
    if (p.isEmpty()) {
      sb.append(
          p.refusals().isEmpty()
              ? "No changes: the host matches topology '" + p.topology() + "'.\n"
              : "No changes can be planned for topology '" + p.topology() + "' as it stands.\n");
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
        List<String> keep = ctx.unmodelled().get(s.id());
        if (keep != null && !keep.isEmpty() && s.action() != Action.DELETE) {
          sb.append("          unmodelled, kept verbatim: ")
              .append(String.join(", ", keep))
              .append('\n');
        }
      }
      sb.append('\n').append(summary(p)).append('\n');
    }
    List<Foreign> unmanaged = p.unmanaged();
    if (!unmanaged.isEmpty()) {
      sb.append(unmanaged.size())
          .append(
              " object(s) the file declares exist and match it but are not managed by vtopo"
                  + " (left alone): ")
          .append(
              String.join(
                  ", ", unmanaged.stream().limit(LISTED).map(f -> f.id().toString()).toList()))
          .append(
              unmanaged.size() > LISTED
                  ? " and " + (unmanaged.size() - LISTED) + " more (--output json lists them all)"
                  : "")
          .append("\nTake them over with: ")
          .append(adoptAll(ctx.file()))
          .append('\n');
    }
    for (String w : p.warnings()) {
      sb.append("warning: ").append(w).append('\n');
    }
    if (!p.refusals().isEmpty()) {
      sb.append("\nThis plan cannot be applied as it stands:\n");
      for (Refusal r : p.refusals()) {
        sb.append("  ! ").append(r.text(ctx.file())).append('\n');
      }
    }
    return sb.toString();
  }

  /** Unmanaged objects named in the text form; a whole host's export has thousands. */
  static final int LISTED = 10;

  /** The command that takes over every unmanaged object a file declares. */
  public static String adoptAll(String file) {
    return "vtopo adopt " + (file == null ? "FILE" : file) + " --all";
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
