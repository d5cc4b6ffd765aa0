package io.vtopo.bench;

import io.vtopo.core.model.Bond;
import io.vtopo.core.model.BondMode;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.BridgePort;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.PortVlan;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.VlanProtocol;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.reach.ReachReport;
import io.vtopo.core.reach.Reachability;
import io.vtopo.core.reach.Verdict;
import io.vtopo.render.ReachReportRenderer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures the reachability analysis at scale: the {@code vtopo check} summary (partition into
 * segments, the report with its expectations) and single path queries, on a synthetic host with
 * 10,000 vNICs on 1,000 bridges.
 */
public final class ReachBench {
  private ReachBench() {}

  /**
   * The synthetic host, built in memory (parsing is measured by {@code bench model}). Per 10
   * bridges: one VLAN-filtering bridge whose TAPs alternate between pvid 100 and 200 behind a trunk
   * NIC, one bridge on a VLAN sub-interface of a shared LACP bond, and eight plain bridges with a
   * host address (routed by the host). Each bridge has 10 TAPs; 5,000 VMs have two vNICs each, on
   * bridges 500 apart. 100 expectations between random VMs.
   */
  public static Topology topology(int bridges) {
    List<Link> links = new ArrayList<>();
    links.add(new Nic(LinkAttrs.named("eno1").withMaster("bond0")));
    links.add(new Nic(LinkAttrs.named("eno2").withMaster("bond0")));
    links.add(new Bond(LinkAttrs.named("bond0"), BondMode.LACP, List.of(), null, null, null));
    int taps = bridges * 10;
    for (int b = 0; b < bridges; b++) {
      String br = "br" + b;
      List<BridgePort> ports = new ArrayList<>();
      boolean filtering = b % 10 == 0;
      List<IpPrefix> addr = List.of();
      if (filtering) {
        links.add(new Nic(LinkAttrs.named("tr" + b)));
        ports.add(new BridgePort("tr" + b, new PortVlan(null, List.of(100, 200))));
      } else if (b % 10 == 1) {
        String v = "bond0." + (100 + b);
        links.add(new Vlan(LinkAttrs.named(v), "bond0", 100 + b, VlanProtocol.DOT1Q));
        ports.add(new BridgePort(v, null));
      } else {
        addr = List.of(prefix(b, 1));
      }
      for (int t = 0; t < 10; t++) {
        String tap = "tap" + (b * 10 + t);
        links.add(new Tap(LinkAttrs.named(tap), "qemu", null, null, true));
        ports.add(
            new BridgePort(
                tap, filtering ? new PortVlan(t % 2 == 0 ? 100 : 200, List.of()) : null));
      }
      links.add(
          new Bridge(
              new LinkAttrs(br, null, null, null, null, null, addr, List.of()),
              false,
              null,
              filtering,
              ports));
    }
    List<Vm> vms = new ArrayList<>();
    int half = taps / 2;
    for (int m = 0; m < half; m++) {
      int t0 = m;
      int t1 = m + half;
      vms.add(new Vm("vm" + m, List.of(vnic("eth0", t0), vnic("eth1", t1))));
    }
    Random rnd = new Random(7);
    List<Expectation> expect = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expect.add(
          new Expectation("vm" + rnd.nextInt(half), "vm" + rnd.nextInt(half), rnd.nextBoolean()));
    }
    return new Topology("bench-reach", links, List.of(), List.of(), vms, expect);
  }

  private static Vnic vnic(String name, int tap) {
    return new Vnic(
        name,
        new Vnic.Attachment(Vnic.AttachKind.TAP, "tap" + tap),
        null,
        prefix(tap / 10, 100 + tap % 10),
        null,
        null);
  }

  /** {@code fd03:B::H/64}: one /64 per bridge, so any scale stays valid. */
  private static IpPrefix prefix(int bridge, int host) {
    return IpPrefix.parse(
            "fd03:" + Integer.toHexString(bridge) + "::" + Integer.toHexString(host) + "/64")
        .orElseThrow();
  }

  /** Runs the benchmark and prints a Markdown table. */
  public static void run(int bridges, int warmup, int runs, int queries, PrintWriter out) {
    Topology t = topology(bridges);
    int vnics = t.vms().stream().mapToInt(v -> v.nics().size()).sum();
    int size = 0;
    for (int i = 0; i < warmup; i++) {
      size += ReachReportRenderer.text(ReachReport.of(Reachability.of(t))).length();
    }
    double[] summary = new double[runs];
    Reachability last = null;
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      last = Reachability.of(t);
      size += ReachReportRenderer.text(ReachReport.of(last)).length();
      summary[i] = (System.nanoTime() - t0) / 1e6;
    }
    int vms = t.vms().size();
    Random rnd = new Random(42);
    int reachable = 0;
    for (int i = 0; i < queries; i++) {
      reachable += last.path("vm" + rnd.nextInt(vms), "vm" + rnd.nextInt(vms)).reachable() ? 1 : 0;
    }
    double[] query = new double[queries];
    for (int i = 0; i < queries; i++) {
      String a = "vm" + rnd.nextInt(vms);
      String b = "vm" + rnd.nextInt(vms);
      long t0 = System.nanoTime();
      Verdict v = last.path(a, b);
      query[i] = (System.nanoTime() - t0) / 1e6;
      reachable += v.reachable() ? 1 : 0;
    }
    Arrays.sort(query);
    out.print(Figures.jvmAndHeap());
    out.println(
        "| bridges | vNICs | VMs | segments | summary: analysis + check report (ms, median) "
            + "| path query (ms, median) | path query (ms, p99) |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|");
    out.printf(
        "| %,d | %,d | %,d | %,d | %.1f | %.3f | %.3f |%n",
        bridges,
        vnics,
        vms,
        last.segments().size(),
        Figures.middle(summary),
        query[queries / 2],
        query[(int) (queries * 0.99)]);
    out.printf(
        "%n(%d of %d queried pairs reachable; %d report characters)%n",
        reachable, 2 * queries, size);
    out.flush();
  }
}
