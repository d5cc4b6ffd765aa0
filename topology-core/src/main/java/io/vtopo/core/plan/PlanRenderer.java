package io.vtopo.core.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Prints a plan for people (terraform-like) and for programs (JSON). */
public final class PlanRenderer {
  private PlanRenderer() {}

  /** The human form. */
  public static String text(Plan p) {
    StringBuilder sb = new StringBuilder();
    if (p.isEmpty()) {
      sb.append("No changes: the host matches topology '").append(p.topology()).append("'.\n");
    } else {
      sb.append("Plan for topology '").append(p.topology()).append("' (").append(p.steps().size())
          .append(" step(s), in order):\n\n");
      int i = 1;
      for (Step s : p.steps()) {
        sb.append(String.format("%3d. %-3s %-7s %s (%s)%s%n", i++, s.action().symbol(), s.action().verb(),
            s.id(), s.kind(), marks(s.marks())));
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
    return String.format("Plan: %d to create, %d to modify, %d to replace, %d to delete.", p.count(Action.CREATE),
        p.count(Action.MODIFY), p.count(Action.REPLACE), p.count(Action.DELETE));
  }

  private static String marks(Set<Mark> marks) {
    if (marks.isEmpty()) {
      return "";
    }
    return "  [" + marks.stream().map(m -> m.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .collect(Collectors.joining(", ")) + "]";
  }

  /** The JSON form: steps with action, id, kind, marks, changes, impact; refusals; warnings; counts. */
  public static String json(Plan p) {
    StringWriter w = new StringWriter();
    try (JsonGenerator j = new JsonFactory().createGenerator(w)) {
      j.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));
      j.writeStartObject();
      j.writeStringField("topology", p.topology());
      j.writeBooleanField("changes", !p.isEmpty());
      j.writeArrayFieldStart("steps");
      for (Step s : p.steps()) {
        j.writeStartObject();
        j.writeStringField("action", s.action().verb());
        j.writeStringField("id", s.id().toString());
        j.writeStringField("kind", s.kind());
        j.writeArrayFieldStart("marks");
        for (Mark m : s.marks()) {
          j.writeString(m.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        j.writeEndArray();
        j.writeArrayFieldStart("changes");
        for (FieldChange c : s.changes()) {
          j.writeStartObject();
          j.writeStringField("field", c.field());
          j.writeStringField("live", c.live());
          j.writeStringField("desired", c.desired());
          j.writeBooleanField("inPlace", c.inPlace());
          j.writeEndObject();
        }
        j.writeEndArray();
        j.writeArrayFieldStart("impact");
        for (String i : s.impact()) {
          j.writeString(i);
        }
        j.writeEndArray();
        j.writeEndObject();
      }
      j.writeEndArray();
      j.writeArrayFieldStart("refusals");
      for (Refusal r : p.refusals()) {
        j.writeStartObject();
        j.writeStringField("id", r.id().toString());
        j.writeStringField("reason", r.reason());
        if (r.flag() != null) {
          j.writeStringField("flag", r.flag());
        }
        j.writeEndObject();
      }
      j.writeEndArray();
      j.writeArrayFieldStart("warnings");
      for (String s : p.warnings()) {
        j.writeString(s);
      }
      j.writeEndArray();
      j.writeObjectFieldStart("counts");
      for (Action a : Action.values()) {
        j.writeNumberField(a.verb(), p.count(a));
      }
      j.writeEndObject();
      j.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w + "\n";
  }
}
