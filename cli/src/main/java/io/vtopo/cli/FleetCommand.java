package io.vtopo.cli;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.diag.Severity;
import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.io.TopologyWriter;
import io.vtopo.core.reach.Verdict;
import io.vtopo.fleet.Fleet;
import io.vtopo.fleet.FleetFile;
import io.vtopo.fleet.FleetGraph;
import io.vtopo.fleet.FleetProbes;
import io.vtopo.fleet.FleetReach;
import io.vtopo.fleet.FleetRender;
import io.vtopo.fleet.FleetReport;
import io.vtopo.render.DiagnosticsJson;
import io.vtopo.render.SvgRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vtopo fleet ...}: many hosts in one {@code vtopo-fleet/v1} file. Everything here is
 * offline; a host applies its rendered file with {@code vtopo apply}, which the Ansible collection
 * in {@code ansible/} drives host by host.
 */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description = {
      "Check, draw and render a fleet of KVM hosts described in one vtopo-fleet/v1 file: segments that",
      "span hosts as VXLANs, VMs placed on hosts, fleet-wide intents. See docs/fleet.md."
    },
    subcommands = {
      FleetCommand.Validate.class,
      FleetCommand.Graph.class,
      FleetCommand.Check.class,
      FleetCommand.PathCmd.class,
      FleetCommand.Render.class,
      FleetCommand.Probes.class
    })
final class FleetCommand {
  /** Shared parts: the fleet file, loading and printing its diagnostics. */
  abstract static class Base {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "FILE",
        description = "Fleet file (YAML, apiVersion vtopo-fleet/v1).")
    Path file;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    /** The valid fleet, or null after printing its diagnostics to stderr. */
    FleetFile load() {
      FleetFile f = FleetFile.load(file);
      if (!f.valid(false)) {
        for (Diagnostic d : f.diagnostics()) {
          err().println(d.format());
        }
        err()
            .println(
                file
                    + ": "
                    + f.count(Severity.ERROR)
                    + " error(s); run 'vtopo fleet validate "
                    + file
                    + "' for details");
        err().flush();
        return null;
      }
      return f;
    }

    FleetRender render(FleetFile f) {
      return f.render();
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Check a fleet file offline: structure, every host's rendered topology through vtopo's rules,",
        "and the cross-host rules (VNI collisions, IP and MAC uniqueness, subnet overlaps, overlay vs underlay MTU,",
        "one routable underlay)."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:the fleet is valid",
        "1:it has errors (or warnings, with --strict)",
        "2:usage error"
      })
  static final class Validate extends Base implements Callable<Integer> {
    @Option(names = "--strict", description = "Treat warnings as errors.")
    boolean strict;

    @Mixin ReportFormat output = new ReportFormat();

    @Override
    public Integer call() {
      FleetFile f = FleetFile.load(file);
      boolean valid = f.valid(strict);
      if (output.json()) {
        out()
            .print(
                DiagnosticsJson.render(
                    List.of(new DiagnosticsJson.FileResult(f.file(), valid, f.diagnostics()))));
      } else {
        for (Diagnostic d : f.diagnostics()) {
          out().println(d.format());
        }
        long e = f.count(Severity.ERROR);
        long w = f.count(Severity.WARNING);
        if (valid) {
          Fleet fl = f.fleet().orElseThrow();
          int vms = fl.vms().size() + fl.hosts().stream().mapToInt(h -> h.own().vms().size()).sum();
          out()
              .println(
                  f.file()
                      + ": valid (fleet '"
                      + fl.name()
                      + "': "
                      + fl.hosts().size()
                      + " hosts, "
                      + fl.segments().size()
                      + " segments, "
                      + vms
                      + " vms, "
                      + fl.expectations().size()
                      + " expectations), "
                      + ValidateCommand.counts(e, w));
        } else {
          out().println(ValidateCommand.invalid(f.file(), e, w, strict));
        }
      }
      out().flush();
      return valid ? ExitCodes.OK : ExitCodes.INVALID;
    }
  }

  @Command(
      name = "graph",
      mixinStandardHelpOptions = true,
      description = {
        "Draw the fleet: hosts, the segments' bridges and VXLANs, VMs. dot, mermaid and json show the",
        "fleet level; svg and html draw every host's links, joined where VXLANs share a VNI. Deterministic."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:graph written",
        "1:the fleet is invalid or the output cannot be written",
        "2:usage error"
      })
  static final class Graph extends Base implements Callable<Integer> {
    @Mixin GraphFormat format = new GraphFormat();

    @Mixin OutFile outFile = new OutFile();

    @Override
    public Integer call() throws IOException {
      FleetFile f = load();
      if (f == null) {
        return ExitCodes.INVALID;
      }
      FleetRender r = render(f);
      String text =
          switch (format.get()) {
            case dot -> FleetGraph.dot(r);
            case mermaid -> FleetGraph.mermaid(r);
            case json -> FleetGraph.json(r);
            case svg, html -> {
              FleetReach reach = FleetReach.of(f.render(), f.sources(), f.hostSources());
              TopologyGraph g = TopologyGraph.of(reach.combined());
              SvgRenderer.Options o = SvgRenderer.Options.of(f.fleet().orElseThrow().name());
              yield format.get() == GraphFormat.Format.svg
                  ? SvgRenderer.svg(g, o)
                  : SvgRenderer.html(g, o);
            }
          };
      outFile.emit(out(), text);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Analyse reachability across the fleet (offline, static): each segment with its hosts and vNICs,",
        "and every fleet expect: intent as PASS or FAIL with the hop-by-hop path across the tunnels."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:every expectation passes",
        "1:an expectation fails, or the fleet is invalid",
        "2:usage error"
      })
  static final class Check extends Base implements Callable<Integer> {
    @Mixin ReportFormat output = new ReportFormat();

    @Override
    public Integer call() {
      FleetFile f = load();
      if (f == null) {
        return ExitCodes.INVALID;
      }
      FleetReport report = FleetReport.of(FleetReach.of(f.render(), f.sources(), f.hostSources()));
      out().print(output.json() ? report.json() : report.text());
      out().flush();
      return report.failures() == 0 ? ExitCodes.OK : ExitCodes.INVALID;
    }
  }

  @Command(
      name = "path",
      mixinStandardHelpOptions = true,
      description = {
        "Show the hop-by-hop path from VM A to VM B across the fleet, each hop with the host it is on",
        "(the tunnel hop with both underlay addresses), or where it breaks and why. A and B: VM or VM/NIC."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:A reaches B",
        "1:A does not reach B, the fleet is invalid, or A or B is unknown",
        "2:usage error"
      })
  static final class PathCmd extends Base implements Callable<Integer> {
    @Parameters(index = "1", paramLabel = "A", description = "Source VM, or VM/NIC.")
    String from;

    @Parameters(index = "2", paramLabel = "B", description = "Destination VM, or VM/NIC.")
    String to;

    @Override
    public Integer call() {
      FleetFile f = load();
      if (f == null) {
        return ExitCodes.INVALID;
      }
      Verdict v;
      try {
        v = FleetReach.of(f.render(), f.sources(), f.hostSources()).path(from, to);
      } catch (IllegalArgumentException e) {
        err().println(file + ": " + e.getMessage());
        return ExitCodes.INVALID;
      }
      for (String hop : v.hops()) {
        out().println("  " + hop);
      }
      out()
          .println(
              v.from()
                  + " -> "
                  + v.to()
                  + ": "
                  + (v.reachable()
                      ? "reachable (" + v.explanation() + ")"
                      : "not reachable: " + v.explanation()));
      for (String w : v.warnings()) {
        out().println("warning: " + w);
      }
      out().flush();
      return v.reachable() ? ExitCodes.OK : ExitCodes.INVALID;
    }
  }

  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      description = {
        "Write the plain vtopo/v1 topology of one host (its own objects, its underlay NIC, a bridge and",
        "a VXLAN per segment it is on, a TAP per vNIC, its VMs and local intents). Deterministic; 'vtopo apply' on",
        "that host is what the rollout runs."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:written", "1:the fleet is invalid or HOST is unknown", "2:usage error"})
  static final class Render extends Base implements Callable<Integer> {
    @Parameters(index = "1", paramLabel = "HOST", description = "Host name.")
    String host;

    @Mixin OutFile outFile = new OutFile();

    @Override
    public Integer call() throws IOException {
      FleetFile f = load();
      if (f == null) {
        return ExitCodes.INVALID;
      }
      FleetRender.Rendered r;
      try {
        r = render(f).render(host, f.sources(), f.hostSources().get(host));
      } catch (IllegalArgumentException e) {
        err().println(file + ": " + e.getMessage());
        return ExitCodes.INVALID;
      }
      String text =
          "# Rendered by 'vtopo fleet render "
              + file.getFileName()
              + " "
              + host
              + "'; edit the fleet"
              + " file, not this one.\n"
              + TopologyWriter.write(r.topology());
      outFile.emit(out(), text);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "probes",
      mixinStandardHelpOptions = true,
      description = {
        "Print, as JSON, the connectivity probes HOST must pass before a rollout keeps its change: its",
        "underlay address unclaimed, its underlay gateway, its overlay peers, the fleet's user probes."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:printed", "1:the fleet is invalid or HOST is unknown", "2:usage error"})
  static final class Probes extends Base implements Callable<Integer> {
    @Parameters(index = "1", paramLabel = "HOST", description = "Host name.")
    String host;

    @Override
    public Integer call() {
      FleetFile f = load();
      if (f == null) {
        return ExitCodes.INVALID;
      }
      try {
        out().print(FleetProbes.json(render(f), host));
      } catch (IllegalArgumentException e) {
        err().println(file + ": " + e.getMessage());
        return ExitCodes.INVALID;
      }
      out().flush();
      return ExitCodes.OK;
    }
  }
}
