package io.vtopo.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.reach.LivePlan;
import io.vtopo.core.reach.LivePlan.Check;
import io.vtopo.core.reach.LivePlan.Probe;
import io.vtopo.core.reach.LivePlan.Unprobed;
import io.vtopo.core.reach.LiveReport;
import io.vtopo.core.reach.LiveReport.Intent;
import io.vtopo.core.reach.LiveReport.Observation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints {@code vtopo check --live}'s {@link LiveReport} as text and JSON. */
public final class LiveReportRenderer {
  private LiveReportRenderer() {}

  /** {@code TITLE: predicted X, observed Y (DETAIL)}. */
  private static String compared(Check c, Observation o) {
    return c.title()
        + ": predicted "
        + word(c.predicted())
        + ", observed "
        + word(o.reachable())
        + " ("
        + o.detail()
        + ")";
  }

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
    sb.append("Live check of topology ")
        .append(plan.reachability().topology().name())
        .append(": ")
        .append(plan.probes().size())
        .append(" probe(s), ")
        .append(checks.size() - report.skipped())
        .append(" check(s) probed, ")
        .append(report.skipped())
        .append(" not probed\n");
    for (String n : notes) {
      sb.append("  ").append(n).append('\n');
    }
    sb.append(
        "\nProbes (a veth in the vNIC's place; removed afterwards; a running guest answers for"
            + " itself):\n");
    for (Probe p : plan.probes()) {
      if (p.guest()) {
        sb.append("  ")
            .append(p.label())
            .append(": ")
            .append(p.address())
            .append(" (the running guest itself, address from libvirt)")
            .append(p.mac() == null ? "" : " mac " + p.mac())
            .append(" on ")
            .append(p.bridge())
            .append('\n');
        continue;
      }
      sb.append("  ")
          .append(p.label())
          .append(": ")
          .append(p.address())
          .append(" (")
          .append(p.addressSource())
          .append(")")
          .append(p.mac() == null ? "" : " mac " + p.mac())
          .append(" on ")
          .append(p.bridge())
          .append(" in ")
          .append(LivePlan.sideText(p.side()))
          .append(p.gateway() == null ? ", no gateway" : ", default via " + p.gateway())
          .append('\n');
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
          sb.append("SKIP     ")
              .append(c.title())
              .append(": predicted ")
              .append(word(c.predicted()))
              .append("; not probed: ")
              .append(c.skip());
        } else {
          sb.append(o.reachable() == c.predicted() ? "AGREE    " : "DISAGREE ")
              .append(compared(c, o));
        }
        sb.append('\n');
      }
    }
    if (!intents.isEmpty()) {
      sb.append("\nExpectations:\n");
      for (Intent in : intents) {
        Expectation e = in.expectation();
        sb.append("  ")
            .append(in.pass() ? "PASS " : "FAIL ")
            .append(e.from())
            .append(e.reachable() ? " reaches " : " does not reach ")
            .append(e.to())
            .append(": predicted ")
            .append(word(in.predicted().reachable()))
            .append(", observed ")
            .append(in.tested() ? word(in.observed()) : "(not probed)")
            .append('\n');
      }
    }
    if (report.disagreements() > 0) {
      sb.append("\nDisagreements (the host does not do what the analysis predicts):\n");
      for (int i = 0; i < checks.size(); i++) {
        Check c = checks.get(i);
        Observation o = observed.get(i);
        if (o != null && o.reachable() != c.predicted()) {
          sb.append("  ").append(compared(c, o)).append('\n');
          sb.append("    static path: ").append(c.verdict().text()).append('\n');
        }
      }
    }
    sb.append('\n')
        .append(report.agreements())
        .append(" agree, ")
        .append(report.disagreements())
        .append(" disagree, ")
        .append(report.skipped())
        .append(" not probed; ")
        .append(intents.size() - report.failedIntents())
        .append(" of ")
        .append(intents.size())
        .append(" expectation(s) pass\n");
    return sb.toString();
  }

  /** The JSON report. */
  public static String json(LiveReport report) {
    LivePlan plan = report.plan();
    List<Observation> observed = report.observed();
    List<ProbeDoc> probes =
        plan.probes().stream()
            .map(
                p ->
                    new ProbeDoc(
                        p.label(),
                        p.address().toString(),
                        p.addressSource(),
                        p.mac() == null ? null : p.mac().toString(),
                        p.bridge(),
                        p.side().name().toLowerCase(Locale.ROOT),
                        p.gateway() == null ? null : p.gateway().toString()))
            .toList();
    List<UnprobedDoc> unprobed =
        plan.unprobed().stream().map(u -> new UnprobedDoc(u.label(), u.reason())).toList();
    List<CheckDoc> checks = new ArrayList<>();
    for (int i = 0; i < plan.checks().size(); i++) {
      Check c = plan.checks().get(i);
      Observation o = observed.get(i);
      checks.add(
          new CheckDoc(
              c.group(),
              c.from().label(),
              c.to() == null ? "gateway" : c.to().label(),
              c.target().toString(),
              c.predicted(),
              o == null ? null : o.reachable(),
              o == null ? c.skip() : null,
              o == null ? null : o.detail(),
              o == null ? null : o.reachable() == c.predicted(),
              c.verdict().hops(),
              c.verdict().explanation()));
    }
    List<IntentDoc> intents =
        report.intents().stream()
            .map(
                in ->
                    new IntentDoc(
                        in.expectation().from(),
                        in.expectation().to(),
                        in.expectation().reachable(),
                        in.predicted().reachable(),
                        in.tested() ? in.observed() : null,
                        in.pass()))
            .toList();
    return Json.pretty(
        new LiveDoc(
            plan.reachability().topology().name(),
            report.notes(),
            probes,
            unprobed,
            checks,
            intents,
            report.agreements(),
            report.disagreements(),
            report.skipped(),
            report.failedIntents()));
  }

  private record LiveDoc(
      String topology,
      List<String> notes,
      List<ProbeDoc> probes,
      List<UnprobedDoc> unprobed,
      List<CheckDoc> checks,
      List<IntentDoc> expectations,
      int agree,
      int disagree,
      int skipped,
      int failedExpectations) {}

  private record ProbeDoc(
      String vnic,
      String address,
      String addressSource,
      String mac,
      String bridge,
      String side,
      String gateway) {}

  private record UnprobedDoc(String vnic, String reason) {}

  /**
   * {@code observed} is null when the check was not probed; {@code skipped} names why, the rest is
   * then absent.
   */
  private record CheckDoc(
      String group,
      String from,
      String to,
      String target,
      boolean predicted,
      Boolean observed,
      @JsonInclude(JsonInclude.Include.NON_NULL) String skipped,
      @JsonInclude(JsonInclude.Include.NON_NULL) String detail,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean agree,
      List<String> hops,
      String explanation) {}

  private record IntentDoc(
      String from,
      String to,
      boolean expected,
      boolean predicted,
      Boolean observed,
      boolean pass) {}
}
