package io.vtopo.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.reach.LivePlan;
import io.vtopo.core.reach.LivePlan.Check;
import io.vtopo.core.reach.LivePlan.Probe;
import io.vtopo.core.reach.LivePlan.Unprobed;
import io.vtopo.core.reach.LiveReport;
import io.vtopo.core.reach.LiveReport.Intent;
import io.vtopo.core.reach.LiveReport.Observation;
import io.vtopo.core.reach.Verdict;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints {@code vtopo check --live}'s {@link LiveReport} as text and JSON. */
public final class LiveReportRenderer {
  private LiveReportRenderer() {}

  private static String word(boolean reachable) {
    return reachable ? "reachable" : "not reachable";
  }

  /** The text report. */
  public static String text(LiveReport report) {
    LivePlan plan = report.plan();
    List<Observation> observed = report.observed();
    List<String> notes = report.notes();
    List<Intent> intents = report.intents();
    StringBuilder sb = new StringBuilder();
    List<Check> checks = plan.checks();
    sb.append("Live check of topology ").append(plan.reachability().topology().name()).append(": ")
        .append(plan.probes().size()).append(" probe(s), ").append(checks.size() - report.skipped())
        .append(" check(s) probed, ").append(report.skipped()).append(" not probed\n");
    for (String n : notes) {
      sb.append("  ").append(n).append('\n');
    }
    sb.append("\nProbes (a veth in the vNIC's place; removed afterwards):\n");
    for (Probe p : plan.probes()) {
      sb.append("  ").append(p.label()).append(": ").append(p.address()).append(" (").append(p.addressSource())
          .append(")").append(p.mac() == null ? "" : " mac " + p.mac()).append(" on ").append(p.bridge())
          .append(" in ").append(LivePlan.sideText(p.side()))
          .append(p.gateway() == null ? ", no gateway" : ", default via " + p.gateway()).append('\n');
    }
    for (Unprobed u : plan.unprobed()) {
      sb.append("  ").append(u.label()).append(": not probed: ").append(u.reason()).append('\n');
    }
    sb.append("\nPredicted vs observed:\n");
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < checks.size(); i++) {
      groups.computeIfAbsent(checks.get(i).group(), k -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
      sb.append("  ").append(g.getKey()).append('\n');
      for (int i : g.getValue()) {
        Check c = checks.get(i);
        Observation o = observed.get(i);
        sb.append("    ");
        if (o == null) {
          sb.append("SKIP     ").append(c.title()).append(": predicted ").append(word(c.predicted()))
              .append("; not probed: ").append(c.skip());
        } else {
          sb.append(o.reachable() == c.predicted() ? "AGREE    " : "DISAGREE ").append(c.title())
              .append(": predicted ").append(word(c.predicted())).append(", observed ").append(word(o.reachable()))
              .append(" (").append(o.detail()).append(")");
        }
        sb.append('\n');
      }
    }
    if (!intents.isEmpty()) {
      sb.append("\nExpectations:\n");
      for (Intent in : intents) {
        Expectation e = in.expectation();
        sb.append("  ").append(in.pass() ? "PASS " : "FAIL ").append(e.from())
            .append(e.reachable() ? " reaches " : " does not reach ").append(e.to()).append(": predicted ")
            .append(word(in.predicted().reachable())).append(", observed ")
            .append(in.tested() ? word(in.observed()) : "(not probed)").append('\n');
      }
    }
    if (report.disagreements() > 0) {
      sb.append("\nDisagreements (the host does not do what the analysis predicts):\n");
      for (int i = 0; i < checks.size(); i++) {
        Check c = checks.get(i);
        Observation o = observed.get(i);
        if (o != null && o.reachable() != c.predicted()) {
          sb.append("  ").append(c.title()).append(": predicted ").append(word(c.predicted())).append(", observed ")
              .append(word(o.reachable())).append(" (").append(o.detail()).append(")\n");
          sb.append("    static path: ").append(c.verdict().text()).append('\n');
        }
      }
    }
    sb.append('\n').append(report.agreements()).append(" agree, ").append(report.disagreements()).append(" disagree, ")
        .append(report.skipped()).append(" not probed; ").append(intents.size() - report.failedIntents()).append(" of ")
        .append(intents.size()).append(" expectation(s) pass\n");
    return sb.toString();
  }

  /** The JSON report. */
  public static String json(LiveReport report) {
    LivePlan plan = report.plan();
    List<Observation> observed = report.observed();
    List<String> notes = report.notes();
    List<Intent> intents = report.intents();
    StringWriter w = new StringWriter();
    try (JsonGenerator j = new JsonFactory().createGenerator(w)) {
      j.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));
      j.writeStartObject();
      j.writeStringField("topology", plan.reachability().topology().name());
      ReachReportRenderer.strings(j, "notes", notes);
      j.writeArrayFieldStart("probes");
      for (Probe p : plan.probes()) {
        j.writeStartObject();
        j.writeStringField("vnic", p.label());
        j.writeStringField("address", p.address().toString());
        j.writeStringField("addressSource", p.addressSource());
        j.writeStringField("mac", p.mac() == null ? null : p.mac().toString());
        j.writeStringField("bridge", p.bridge());
        j.writeStringField("side", p.side().name().toLowerCase(Locale.ROOT));
        j.writeStringField("gateway", p.gateway() == null ? null : p.gateway().toString());
        j.writeEndObject();
      }
      j.writeEndArray();
      j.writeArrayFieldStart("unprobed");
      for (Unprobed u : plan.unprobed()) {
        j.writeStartObject();
        j.writeStringField("vnic", u.label());
        j.writeStringField("reason", u.reason());
        j.writeEndObject();
      }
      j.writeEndArray();
      j.writeArrayFieldStart("checks");
      List<Check> checks = plan.checks();
      for (int i = 0; i < checks.size(); i++) {
        Check c = checks.get(i);
        Observation o = observed.get(i);
        j.writeStartObject();
        j.writeStringField("group", c.group());
        j.writeStringField("from", c.from().label());
        j.writeStringField("to", c.to() == null ? "gateway" : c.to().label());
        j.writeStringField("target", c.target().toString());
        j.writeBooleanField("predicted", c.predicted());
        if (o == null) {
          j.writeNullField("observed");
          j.writeStringField("skipped", c.skip());
        } else {
          j.writeBooleanField("observed", o.reachable());
          j.writeStringField("detail", o.detail());
          j.writeBooleanField("agree", o.reachable() == c.predicted());
        }
        strings(j, c.verdict());
        j.writeEndObject();
      }
      j.writeEndArray();
      j.writeArrayFieldStart("expectations");
      for (Intent in : intents) {
        j.writeStartObject();
        j.writeStringField("from", in.expectation().from());
        j.writeStringField("to", in.expectation().to());
        j.writeBooleanField("expected", in.expectation().reachable());
        j.writeBooleanField("predicted", in.predicted().reachable());
        if (in.tested()) {
          j.writeBooleanField("observed", in.observed());
        } else {
          j.writeNullField("observed");
        }
        j.writeBooleanField("pass", in.pass());
        j.writeEndObject();
      }
      j.writeEndArray();
      j.writeNumberField("agree", report.agreements());
      j.writeNumberField("disagree", report.disagreements());
      j.writeNumberField("skipped", report.skipped());
      j.writeNumberField("failedExpectations", report.failedIntents());
      j.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w + "\n";
  }

  private static void strings(JsonGenerator j, Verdict v) throws IOException {
    ReachReportRenderer.strings(j, "hops", v.hops());
    j.writeStringField("explanation", v.explanation());
  }
}
