package io.vtopo.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.reach.Endpoint;
import io.vtopo.core.reach.HostAddress;
import io.vtopo.core.reach.Policy;
import io.vtopo.core.reach.ReachReport;
import io.vtopo.core.reach.ReachReport.Result;
import io.vtopo.core.reach.Reachability;
import io.vtopo.core.reach.Segment;
import java.util.List;
import java.util.Locale;

/** Prints the {@code vtopo check} report ({@link ReachReport}) as text and JSON; deterministic. */
public final class ReachReportRenderer {
  /**
   * Segments are listed one line per vNIC up to this many vNICs each; longer lists are cut with a
   * count.
   */
  static final int VNICS_SHOWN = 12;

  /** Up to this many routed segments get one "reaches" line each; more are summarised by policy. */
  static final int ROUTED_SHOWN = 20;

  private ReachReportRenderer() {}

  /** The text report. */
  public static String text(ReachReport report) {
    Reachability analysis = report.analysis();
    List<Result> results = report.results();
    StringBuilder sb = new StringBuilder();
    List<Segment> segs = analysis.segments();
    int vnics = segs.stream().mapToInt(s -> s.vnics().size()).sum();
    sb.append("Topology ")
        .append(analysis.topology().name())
        .append(": ")
        .append(analysis.topology().vms().size())
        .append(" VMs, ")
        .append(vnics)
        .append(" vNICs in ")
        .append(segs.size())
        .append(" L2 segment(s)\n");
    if (!segs.isEmpty()) {
      sb.append("\nSegments:\n");
    }
    for (Segment s : segs) {
      sb.append("  ").append(s.title()).append('\n');
      sb.append("    subnets: ")
          .append(s.subnets().isEmpty() ? "none declared (L2 only)" : prefixes(s.subnets()))
          .append('\n');
      sb.append("    host: ");
      if (s.hostAddresses().isEmpty()) {
        sb.append("no address here, so it routes nothing to or from this segment");
      } else {
        sb.append(
            String.join(", ", s.hostAddresses().stream().map(HostAddress::toString).toList()));
      }
      if (!s.hostAddresses().isEmpty() || s.policy() != Policy.HOST) {
        sb.append("; ")
            .append(s.policy().text())
            .append(
                s.forwardDev() == null ? "" : " (only through forward-dev " + s.forwardDev() + ")");
      }
      sb.append('\n');
      List<Endpoint> shown = s.vnics().subList(0, Math.min(VNICS_SHOWN, s.vnics().size()));
      sb.append("    vNICs: ")
          .append(String.join(", ", shown.stream().map(Endpoint::describe).toList()));
      if (s.vnics().size() > shown.size()) {
        sb.append(", ... and ").append(s.vnics().size() - shown.size()).append(" more");
      }
      sb.append('\n');
    }
    if (!segs.isEmpty()) {
      sb.append(
          "\nBetween segments (through the host, assuming net.ipv4.ip_forward=1 and no other firewall):\n");
      List<Segment> routed = segs.stream().filter(Segment::routed).toList();
      if (routed.size() < 2) {
        sb.append("  nothing: ")
            .append(routed.size())
            .append(" segment(s) with a host address that may forward")
            .append('\n');
      } else if (routed.size() <= ROUTED_SHOWN) {
        for (Segment s : routed) {
          List<String> to = analysis.reachesViaHost(s);
          sb.append("  ")
              .append(s.id())
              .append(" -> ")
              .append(to.isEmpty() ? "nothing" : String.join(", ", to))
              .append('\n');
        }
      } else {
        sb.append("  ").append(routed.size()).append(" segments have a host address; by policy:\n");
        for (Policy p : Policy.values()) {
          long n = routed.stream().filter(s -> s.policy() == p).count();
          if (n > 0) {
            sb.append("    ").append(n).append(" ").append(p.text()).append('\n');
          }
        }
      }
    }
    sb.append("\nExpectations:\n");
    if (results.isEmpty()) {
      sb.append("  none declared\n");
    }
    for (Result r : results) {
      Expectation e = r.expectation();
      sb.append("  ")
          .append(r.pass() ? "PASS" : "FAIL")
          .append(' ')
          .append(e.from())
          .append(e.reachable() ? " reaches " : " does not reach ")
          .append(e.to())
          .append('\n');
      sb.append("       ").append(r.verdict().text()).append('\n');
      for (String w : r.verdict().warnings()) {
        sb.append("       warning: ").append(w).append('\n');
      }
    }
    sb.append('\n')
        .append(results.size() - report.failures())
        .append(" of ")
        .append(results.size())
        .append(" expectation(s) pass\n");
    return sb.toString();
  }

  private static String prefixes(List<IpPrefix> ps) {
    return String.join(", ", ps.stream().map(IpPrefix::toString).toList());
  }

  /** The JSON report. */
  public static String json(ReachReport report) {
    Reachability analysis = report.analysis();
    // Segment-to-segment reachability is listed only while it is small; beyond that it would be an
    // N x N dump and
    // follows from each segment's hostAddresses and policy.
    boolean listRoutes =
        analysis.segments().stream().filter(Segment::routed).count() <= ROUTED_SHOWN;
    List<SegmentDoc> segments =
        analysis.segments().stream()
            .map(
                s ->
                    new SegmentDoc(
                        s.id(),
                        s.via(),
                        prefixList(s.subnets()),
                        s.hostAddresses().stream()
                            .map(h -> new HostAddressDoc(h.iface(), h.address().toString()))
                            .toList(),
                        s.policy().name().toLowerCase(Locale.ROOT),
                        s.network(),
                        s.vnics().stream()
                            .map(
                                e ->
                                    new VnicDoc(
                                        e.label(),
                                        e.vm(),
                                        prefixList(e.subnets()),
                                        e.addressSource()))
                            .toList(),
                        listRoutes ? analysis.reachesViaHost(s) : null))
            .toList();
    List<ExpectationDoc> expectations =
        report.results().stream()
            .map(
                r ->
                    new ExpectationDoc(
                        r.expectation().from(),
                        r.expectation().to(),
                        r.expectation().reachable(),
                        r.verdict().reachable(),
                        r.pass(),
                        r.verdict().hops(),
                        r.verdict().explanation(),
                        r.verdict().warnings()))
            .toList();
    long failed = report.failures();
    return Json.pretty(
        new ReportDoc(
            analysis.topology().name(),
            segments,
            expectations,
            report.results().size() - failed,
            failed));
  }

  private static List<String> prefixList(List<IpPrefix> ps) {
    return ps.stream().map(IpPrefix::toString).toList();
  }

  private record ReportDoc(
      String topology,
      List<SegmentDoc> segments,
      List<ExpectationDoc> expectations,
      long passed,
      long failed) {}

  private record SegmentDoc(
      String id,
      List<String> via,
      List<String> subnets,
      List<HostAddressDoc> hostAddresses,
      String policy,
      @JsonInclude(JsonInclude.Include.NON_NULL) String network,
      List<VnicDoc> vnics,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<String> reachesViaHost) {}

  private record HostAddressDoc(String iface, String address) {}

  private record VnicDoc(String vnic, String vm, List<String> addresses, String addressSource) {}

  private record ExpectationDoc(
      String from,
      String to,
      boolean expected,
      boolean reachable,
      boolean pass,
      List<String> hops,
      String explanation,
      List<String> warnings) {}
}
