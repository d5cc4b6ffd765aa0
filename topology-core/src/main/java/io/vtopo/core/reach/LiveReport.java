package io.vtopo.core.reach;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.reach.LivePlan.Check;
import io.vtopo.core.reach.LivePlan.Probe;
import io.vtopo.core.reach.LivePlan.Unprobed;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Predicted against observed reachability for every check of a {@link LivePlan}: the output of
 * {@code vtopo check --live}, grouped by segment pair like the static summary, every disagreement with the static
 * path that predicted otherwise.
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
  public record Intent(Expectation expectation, Verdict predicted, boolean tested, boolean observed) {
    /** The static analysis meets the intent, and so does the host when it was tested. */
    public boolean pass() {
      return predicted.reachable() == expectation.reachable() && (!tested || observed == expectation.reachable());
    }
  }

  private final LivePlan plan;
  private final List<Observation> observed;
  private final List<Intent> intents = new ArrayList<>();
  private final List<String> notes;

  /**
   * @param plan the checks
   * @param observed one observation per check of {@code plan.checks()}, null where the check was not probed
   * @param notes lines about the run (where probes were, what was not probed and why)
   */
  public LiveReport(LivePlan plan, List<Observation> observed, List<String> notes) {
    if (observed.size() != plan.checks().size()) {
      throw new IllegalArgumentException(observed.size() + " observations for " + plan.checks().size() + " checks");
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
        boolean target = c.to() != null ? LivePlan.matches(e.to(), c.to()) : Expectation.HOST.equals(e.to());
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
      if (observed.get(i) != null && observed.get(i).reachable() != plan.checks().get(i).predicted()) {
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

  private static String word(boolean reachable) {
    return reachable ? "reachable" : "not reachable";
  }

  /** The text report. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    List<Check> checks = plan.checks();
    sb.append("Live check of topology ").append(plan.reachability().topology().name()).append(": ")
        .append(plan.probes().size()).append(" probe(s), ").append(checks.size() - skipped())
        .append(" check(s) probed, ").append(skipped()).append(" not probed\n");
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
    if (disagreements() > 0) {
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
    sb.append('\n').append(agreements()).append(" agree, ").append(disagreements()).append(" disagree, ")
        .append(skipped()).append(" not probed; ").append(intents.size() - failedIntents()).append(" of ")
        .append(intents.size()).append(" expectation(s) pass\n");
    return sb.toString();
  }

  /** The JSON report. */
  public String json() {
    StringWriter w = new StringWriter();
    try (JsonGenerator j = new JsonFactory().createGenerator(w)) {
      j.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));
      j.writeStartObject();
      j.writeStringField("topology", plan.reachability().topology().name());
      ReachReport.strings(j, "notes", notes);
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
      j.writeNumberField("agree", agreements());
      j.writeNumberField("disagree", disagreements());
      j.writeNumberField("skipped", skipped());
      j.writeNumberField("failedExpectations", failedIntents());
      j.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w + "\n";
  }

  private static void strings(JsonGenerator j, Verdict v) throws IOException {
    ReachReport.strings(j, "hops", v.hops());
    j.writeStringField("explanation", v.explanation());
  }
}
