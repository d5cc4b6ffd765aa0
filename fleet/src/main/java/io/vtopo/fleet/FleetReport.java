package io.vtopo.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.reach.Verdict;
import io.vtopo.fleet.Fleet.FleetNic;
import io.vtopo.fleet.Fleet.FleetVm;
import io.vtopo.fleet.Fleet.Host;
import io.vtopo.fleet.Fleet.Segment;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The output of {@code vtopo fleet check}: the segments with their hosts and vNICs, then every
 * fleet intent as PASS or FAIL with its hop-by-hop path. Deterministic: file order throughout.
 *
 * @param fleet the fleet
 * @param render its renderer (spans, overlay MTUs)
 * @param expectations the intents, in file order
 * @param verdicts each intent's verdict, same order
 */
public record FleetReport(
    Fleet fleet, FleetRender render, List<Expectation> expectations, List<Verdict> verdicts) {
  /** Checks every intent of the fleet. */
  public static FleetReport of(FleetReach reach) {
    return new FleetReport(
        reach.render().fleet(),
        reach.render(),
        reach.render().fleet().expectations(),
        reach.intents());
  }

  /** How many intents fail. */
  public int failures() {
    int n = 0;
    for (int i = 0; i < verdicts.size(); i++) {
      if (verdicts.get(i).reachable() != expectations.get(i).reachable()) {
        n++;
      }
    }
    return n;
  }

  private String replication(Segment s) {
    return s.replication() == Fleet.Replication.MULTICAST ? "multicast " + s.group() : "head-end";
  }

  /** The human-readable report. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    int vms = fleet.vms().size() + fleet.hosts().stream().mapToInt(h -> h.own().vms().size()).sum();
    sb.append("fleet '")
        .append(fleet.name())
        .append("': ")
        .append(fleet.hosts().size())
        .append(" host(s), ")
        .append(fleet.segments().size())
        .append(" segment(s), ")
        .append(vms)
        .append(" VM(s)\n");
    // The vNICs of each segment in file order, found in one pass (not one pass per segment).
    Map<String, List<int[]>> onSegment = new HashMap<>();
    for (int v = 0; v < fleet.vms().size(); v++) {
      List<FleetNic> nics = fleet.vms().get(v).nics();
      for (int i = 0; i < nics.size(); i++) {
        if (nics.get(i).segment() != null) {
          onSegment
              .computeIfAbsent(nics.get(i).segment(), k -> new ArrayList<>())
              .add(new int[] {v, i});
        }
      }
    }
    for (Segment s : fleet.segments()) {
      List<String> hosts = new ArrayList<>();
      for (String h : render.span(s.name())) {
        Host host = render.host(h);
        hosts.add(
            h + " (" + host.address().address() + ", mtu " + render.overlayMtu(s, host) + ")");
      }
      sb.append("\nsegment ")
          .append(s.name())
          .append(": vni ")
          .append(s.vni())
          .append(", ")
          .append(replication(s))
          .append(", bridge ")
          .append(s.bridge())
          .append(", vxlan ")
          .append(s.vxlan())
          .append('\n');
      sb.append("  hosts: ")
          .append(hosts.isEmpty() ? "none" : String.join(", ", hosts))
          .append('\n');
      for (int[] at : onSegment.getOrDefault(s.name(), List.of())) {
        FleetVm vm = fleet.vms().get(at[0]);
        int i = at[1];
        FleetNic n = vm.nics().get(i);
        sb.append("  ")
            .append(vm.name())
            .append('/')
            .append(n.name() == null ? "nic" + i : n.name())
            .append(n.ip() == null ? " (no address)" : " " + n.ip())
            .append(" on ")
            .append(vm.host())
            .append(" via ")
            .append(FleetRender.tapName(vm, i))
            .append('\n');
      }
    }
    if (!expectations.isEmpty()) {
      sb.append("\nexpect:\n");
      for (int i = 0; i < expectations.size(); i++) {
        Expectation e = expectations.get(i);
        Verdict v = verdicts.get(i);
        boolean pass = v.reachable() == e.reachable();
        sb.append("  ")
            .append(pass ? "PASS" : "FAIL")
            .append(' ')
            .append(e.from())
            .append(" -> ")
            .append(e.to())
            .append(e.reachable() ? " reachable" : " not reachable")
            .append('\n');
        for (String hop : v.hops()) {
          sb.append("       ").append(hop).append('\n');
        }
        sb.append("       ")
            .append(v.reachable() ? "reachable: " : "not reachable: ")
            .append(v.explanation())
            .append('\n');
        for (String w : v.warnings()) {
          sb.append("       warning: ").append(w).append('\n');
        }
      }
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%n%d intent(s): %d passed, %d failed%n",
            expectations.size(),
            expectations.size() - failures(),
            failures()));
    return sb.toString();
  }

  /** The machine-readable report. */
  public String json() {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeStringField("fleet", fleet.name());
      g.writeArrayFieldStart("segments");
      for (Segment s : fleet.segments()) {
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeNumberField("vni", s.vni());
        g.writeStringField(
            "replication", s.replication().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (s.group() != null) {
          g.writeStringField("group", s.group().toString());
        }
        g.writeArrayFieldStart("hosts");
        for (String h : render.span(s.name())) {
          g.writeString(h);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("intents");
      for (int i = 0; i < expectations.size(); i++) {
        Expectation e = expectations.get(i);
        Verdict v = verdicts.get(i);
        g.writeStartObject();
        g.writeStringField("from", e.from());
        g.writeStringField("to", e.to());
        g.writeBooleanField("expected", e.reachable());
        g.writeBooleanField("reachable", v.reachable());
        g.writeBooleanField("pass", v.reachable() == e.reachable());
        g.writeArrayFieldStart("hops");
        for (String h : v.hops()) {
          g.writeString(h);
        }
        g.writeEndArray();
        g.writeStringField("explanation", v.explanation());
        g.writeArrayFieldStart("warnings");
        for (String x : v.warnings()) {
          g.writeString(x);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("failures", failures());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w + "\n";
  }
}
