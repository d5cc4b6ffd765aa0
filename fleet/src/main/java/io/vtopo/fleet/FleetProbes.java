package io.vtopo.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vtopo.core.model.IpAddress;
import io.vtopo.fleet.Fleet.Host;
import io.vtopo.fleet.Fleet.Probe;
import io.vtopo.fleet.Fleet.Segment;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connectivity probes a host must pass before the rollout keeps its change ({@code vtopo fleet
 * probes FILE HOST}, read by the Ansible module): its underlay gateway, the underlay address of
 * every overlay peer (the hosts it shares a segment with), its own underlay address unclaimed by
 * another machine (duplicate address detection), and the fleet's user probes for this host. The
 * module adds the host's live default gateway.
 */
public final class FleetProbes {
  private FleetProbes() {}

  /**
   * One probe.
   *
   * @param name what it proves, for the report
   * @param kind {@code ping} (the target answers) or {@code dad} (nobody else answers ARP/ND for
   *     the target)
   * @param target the address
   * @param dev for {@code dad}: the link to probe on
   */
  public record Check(String name, String kind, IpAddress target, String dev) {}

  /** The probes of one host, in a stable order. */
  public static List<Check> of(FleetRender render, String host) {
    Fleet f = render.fleet();
    Host h =
        f.host(host)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no host named '" + host + "' in fleet '" + f.name() + "'"));
    List<Check> out = new ArrayList<>();
    out.add(
        new Check(
            "underlay address " + h.address().address() + " is this host's alone",
            "dad",
            h.address().address(),
            h.dev()));
    IpAddress gw = h.gateway() != null ? h.gateway() : f.underlay().gateway();
    if (gw != null) {
      out.add(new Check("underlay gateway " + gw, "ping", gw, null));
    }
    Map<String, List<String>> peers = new LinkedHashMap<>();
    for (Segment s : render.segmentsOn(host)) {
      for (Host p : render.peers(s, host)) {
        peers.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(s.name());
      }
    }
    for (Host p : f.hosts()) {
      List<String> segs = peers.get(p.name());
      if (segs != null) {
        out.add(
            new Check(
                "overlay peer " + p.name() + " (" + String.join(", ", segs) + ")",
                "ping",
                p.address().address(),
                null));
      }
    }
    for (Probe p : f.probes()) {
      if (p.hosts().isEmpty() || p.hosts().contains(host)) {
        out.add(new Check(p.name(), "ping", p.target(), null));
      }
    }
    return out;
  }

  /**
   * The probes as JSON: {@code {"host": ..., "topology": ..., "probes": [{name, kind, target,
   * dev}]}}.
   */
  public static String json(FleetRender render, String host) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeStringField("host", host);
      g.writeStringField("topology", render.fleet().name());
      g.writeArrayFieldStart("probes");
      for (Check c : of(render, host)) {
        g.writeStartObject();
        g.writeStringField("name", c.name());
        g.writeStringField("kind", c.kind());
        g.writeStringField("target", c.target().toString());
        if (c.dev() != null) {
          g.writeStringField("dev", c.dev());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w + "\n";
  }
}
