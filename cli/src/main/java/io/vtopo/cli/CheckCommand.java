package io.vtopo.cli;

import io.vtopo.core.backend.LiveDomain;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.Planner;
import io.vtopo.core.plan.RealAttachments;
import io.vtopo.core.plan.Step;
import io.vtopo.core.reach.LivePlan;
import io.vtopo.core.reach.LiveReport;
import io.vtopo.core.reach.ReachReport;
import io.vtopo.core.reach.Reachability;
import io.vtopo.host.HostSession;
import io.vtopo.host.LiveProber;
import io.vtopo.render.LiveReportRenderer;
import io.vtopo.render.ReachReportRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vtopo check FILE}: static reachability summary and every {@code expect:} intent as
 * PASS/FAIL.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Analyse reachability between the VMs of a topology file (offline, static): the L2 segments with",
      "their vNICs, which segments reach which through the host, and every expect: intent as PASS or FAIL",
      "with the path or the place it breaks. See docs/reachability.md."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every expectation passes (--live: and every probed pair agrees with the prediction)",
      "1:an expectation fails, or the file is invalid (--live: or the topology is not applied)",
      "2:usage error",
      "3:host facility unavailable (--live)",
      "4:--live: observed reachability disagrees with the prediction"
    })
final class CheckCommand implements Callable<Integer>, JsonOutput {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Topology file.")
  Path file;

  @Mixin ReportFormat output = new ReportFormat();

  @Option(
      names = "--live",
      description = {
        "Also test on the host: the topology must be applied; each vNIC gets a",
        "probe (a fresh namespace with a veth in the vNIC's place, its MAC, address and default route) and the",
        "probes ping each other and their gateways. Prints predicted vs observed for every pair tested."
      })
  boolean live;

  @Option(
      names = "--host",
      description = {
        "Analyse the VMs as they really are: merge each VM that names a domain with that domain on",
        "the host (its unmanaged vNICs, next-boot values), as the plan sees them. --live always does."
      })
  boolean fromHost;

  @Mixin HostOptions host = new HostOptions();

  @Option(
      names = "--pairs",
      defaultValue = "all",
      paramLabel = "WHICH",
      description =
          "--live: ${COMPLETION-CANDIDATES}: every ordered vNIC pair of different VMs and each probe's"
              + " gateway, or only the pairs of the expect: intents (default: ${DEFAULT-VALUE}).")
  Pairs pairs;

  @Option(
      names = "--timeout",
      defaultValue = "1000",
      paramLabel = "MS",
      description =
          "--live: how long one ping waits for a reply, in milliseconds (default: ${DEFAULT-VALUE}).")
  int timeoutMs;

  /** Pair selections. */
  enum Pairs {
    all,
    intents
  }

  @Override
  public boolean jsonOutput() {
    return output.json();
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<Topology> t =
        Loaded.of(file).requireValid(spec.commandLine().getErr(), jsonOutput() ? out : null);
    if (t.isEmpty()) {
      return ExitCodes.INVALID;
    }
    if (live) {
      return live(t.get(), out);
    }
    Topology analysed = t.get();
    if (fromHost) {
      analysed = RealVms.of(t.get(), host, spec.commandLine().getErr(), "check");
    }
    ReachReport report = ReachReport.of(Reachability.of(analysed));
    out.print(output.json() ? ReachReportRenderer.json(report) : ReachReportRenderer.text(report));
    out.flush();
    return report.failures() == 0 ? ExitCodes.OK : ExitCodes.INVALID;
  }

  /** The file's VMs merged with their domains; what the merge did goes to stderr. */
  private Topology merged(Topology t, HostState state) {
    RealAttachments.Merged m = RealAttachments.merge(t, state);
    for (String n : m.notes()) {
      spec.commandLine().getErr().println("vtopo: check: " + n);
    }
    return m.topology();
  }

  private int live(Topology file, PrintWriter out) {
    if (timeoutMs < 10 || timeoutMs > 60_000) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--timeout: " + timeoutMs + " ms is out of range; expected 10 to 60000");
    }
    Reachability reach;
    Topology t;
    LivePlan.Facts base;
    try (HostSession s = HostSession.open(host.target())) {
      s.requireLibvirtFor(file);
      HostState state = s.read();
      t = merged(file, state);
      reach = Reachability.of(t);
      // Running guests are pinged at the addresses libvirt knows for them, never stood in for.
      Map<String, Map<MacAddress, IpPrefix>> guests = new HashMap<>();
      for (Vm vm : t.vms()) {
        LiveDomain d = vm.domain() == null ? null : state.domain(vm.domain());
        if (d != null && d.running() && d.error() == null && s.domains != null) {
          guests.put(vm.name(), s.domains.addresses(d.name()));
        }
      }
      Plan p = Planner.plan(file, state, s.options(false, false, false));
      List<String> missing = new ArrayList<>();
      for (Step step : p.steps()) {
        if (step instanceof Step.LinkStep || step instanceof Step.NetworkStep) {
          String what =
              step.changes().isEmpty()
                  ? ""
                  : " ("
                      + String.join(", ", step.changes().stream().map(c -> c.field()).toList())
                      + ")";
          missing.add(
              step.id() + ": " + step.action().name().toLowerCase(java.util.Locale.ROOT) + what);
        }
      }
      if (!missing.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println(
                "vtopo: check --live: topology '"
                    + t.name()
                    + "' is not applied on"
                    + " this host; the probes need: "
                    + String.join("; ", missing)
                    + ". Run 'vtopo apply "
                    + file
                    + "' first (with the same --netns/--connect).");
        return ExitCodes.INVALID;
      }
      Map<String, String> masters = new HashMap<>();
      java.util.Set<String> down = new java.util.HashSet<>();
      for (Owned<Link> l : state.links()) {
        if (l.value().attrs().state() == io.vtopo.core.model.AdminState.DOWN) {
          down.add(l.value().name());
        }
        if (l.value().attrs().master() != null) {
          masters.put(l.value().name(), l.value().attrs().master());
        }
      }
      Map<String, String> bridges = new HashMap<>();
      for (Owned<Network> n : state.networks()) {
        if (n.value().bridge() != null) {
          bridges.put(n.value().name(), n.value().bridge());
        }
      }
      base =
          new LivePlan.Facts(
              masters, bridges, host.netns != null, down, (side, v6) -> true, guests);
    }
    try (LiveProber prober = new LiveProber(host.netns)) {
      Thread hook = new Thread(prober::close, "vtopo-probe-cleanup");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        LivePlan.Facts facts =
            new LivePlan.Facts(
                base.tapMasters(),
                base.networkBridges(),
                base.splitNamespaces(),
                base.downLinks(),
                prober::forwarding,
                base.guests());
        LivePlan plan =
            LivePlan.of(
                reach, facts, pairs == Pairs.all ? LivePlan.Pairs.ALL : LivePlan.Pairs.INTENTS);
        long t0 = System.nanoTime();
        prober.build(plan.probes());
        long waited = prober.awaitForwarding(10_000);
        long t1 = System.nanoTime();
        List<LiveReport.Observation> seen = prober.run(plan.checks(), timeoutMs);
        long t2 = System.nanoTime();
        List<String> notes = new ArrayList<>();
        notes.add(
            String.format(
                java.util.Locale.ROOT,
                "probes built in %d ms (%d ms of it waiting for STP to let"
                    + " their bridge ports forward), pinged in %d ms (timeout %d ms per ping); all probes are removed on exit",
                (t1 - t0) / 1_000_000,
                waited,
                (t2 - t1) / 1_000_000,
                timeoutMs));
        notes.add(
            "outbound traffic is probed only as far as each segment's gateway (the host's address); nothing"
                + " is sent off this machine, so what a nat or routed network does beyond the host is not tested");
        if (host.netns != null) {
          notes.add(
              "topology links are in namespace "
                  + host.netns
                  + ", libvirt's bridges in the root namespace:"
                  + " pairs across the two are not probed");
        }
        LiveReport report = new LiveReport(plan, seen, notes);
        out.print(
            output.json() ? LiveReportRenderer.json(report) : LiveReportRenderer.text(report));
        out.flush();
        if (report.disagreements() > 0) {
          return ExitCodes.DISAGREE;
        }
        return report.failedIntents() == 0 ? ExitCodes.OK : ExitCodes.INVALID;
      } finally {
        prober.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or has run: the probes are gone either way
        }
      }
    }
  }
}
