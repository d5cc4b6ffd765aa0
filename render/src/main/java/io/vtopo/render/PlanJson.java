package io.vtopo.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.vtopo.core.plan.Action;
import io.vtopo.core.plan.FieldChange;
import io.vtopo.core.plan.Mark;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.Refusal;
import io.vtopo.core.plan.Step;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/** A plan for programs: {@code vtopo plan -o json}. */
public final class PlanJson {
  private PlanJson() {}

  /** The JSON form: steps with action, id, kind, marks, changes, impact; refusals; warnings; counts. */
  public static String of(Plan p) {
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
