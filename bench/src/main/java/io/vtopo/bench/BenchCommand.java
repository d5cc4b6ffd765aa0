package io.vtopo.bench;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vtopo-bench model|reach|apply|view|link|domains|fleet|export}: the benchmarks recorded in
 * docs/benchmarks.md. Its own jar ({@code bench/target/vtopo-bench.jar}, run by {@code
 * ./vtopo-bench}), so nothing of it ships in vtopo.jar.
 */
@Command(
    name = "vtopo-bench",
    mixinStandardHelpOptions = true,
    description = "Run vtopo's benchmarks and print Markdown tables (see docs/benchmarks.md).",
    subcommands = {
      BenchCommand.Model.class,
      BenchCommand.Reach.class,
      BenchCommand.Apply.class,
      BenchCommand.View.class,
      BenchCommand.LinkKernel.class,
      BenchCommand.Domains.class,
      BenchCommand.FleetCmd.class,
      BenchCommand.ExportPlan.class
    })
public final class BenchCommand {
  /** {@code --runs} of the benchmarks that time whole vtopo processes (domains, fleet). */
  static final class ProcessRuns {
    @Option(
        names = "--runs",
        defaultValue = "5",
        description = "Whole-process runs (default: ${DEFAULT-VALUE}).")
    int runs;

    /** At least one. */
    int count() {
      return Math.max(1, runs);
    }
  }

  /**
   * {@code --warmup} and {@code --runs} of the in-process benchmarks that time one operation (view,
   * reach).
   */
  static final class InProcessRuns {
    @Option(names = "--warmup", description = "Warm-up runs (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", description = "Measured runs (default: ${DEFAULT-VALUE}).")
    int runs;

    /** The defaults of view and reach. */
    InProcessRuns() {
      this(5, 15);
    }

    /** Other defaults (the model benchmark runs fewer rounds per scale). */
    InProcessRuns(int warmup, int runs) {
      this.warmup = warmup;
      this.runs = runs;
    }

    /** At least one. */
    int count() {
      return Math.max(1, runs);
    }
  }

  /** Parse + validate + graph on synthetic topologies. */
  @Command(
      name = "model",
      mixinStandardHelpOptions = true,
      description =
          "Parse, validate and graph synthetic topologies of 10,000 objects per scale unit.")
  static final class Model implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--scales",
        split = ",",
        defaultValue = "1,2,5,10",
        description = "Scale factors; 1 = 10,000 objects (default: ${DEFAULT-VALUE}).")
    int[] scales;

    @Mixin InProcessRuns rounds = new InProcessRuns(5, 10);

    @Override
    public Integer call() {
      ModelBench.run(scales, rounds.warmup, rounds.count(), spec.commandLine().getOut());
      return 0;
    }
  }

  /** One refresh of vtopo serve's view (planner, drift, SVG, JSON) on an in-memory host. */
  @Command(
      name = "view",
      mixinStandardHelpOptions = true,
      description =
          "vtopo serve: time one refresh of the page's view (plan, drift, SVG, JSON) on in-memory hosts.")
  static final class View implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--bridges",
        split = ",",
        defaultValue = "50,200",
        description = "Sizes as bridges with 9 TAPs each (default: ${DEFAULT-VALUE}).")
    int[] bridges;

    @Mixin InProcessRuns rounds = new InProcessRuns();

    @Override
    public Integer call() throws java.io.IOException {
      ViewBench.run(bridges, rounds.warmup, rounds.count(), spec.commandLine().getOut());
      return 0;
    }
  }

  /** Reading and planning many domains (test driver), in-process and as whole processes. */
  @Command(
      name = "domains",
      mixinStandardHelpOptions = true,
      description = {
        "Read N libvirt domains with 4 vNICs and 2 disks each (test driver) and plan a file declaring",
        "them, in-process and as a whole 'vtopo plan' process. See docs/benchmarks.md."
      })
  static final class Domains implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--domains",
        split = ",",
        defaultValue = "100,500",
        description = "Numbers of domains (default: ${DEFAULT-VALUE}).")
    int[] sizes;

    @Mixin ProcessRuns runs;

    @Option(
        names = "--jvm",
        split = " ",
        paramLabel = "OPTS",
        description =
            "More JVM options of the timed 'vtopo plan' processes (given to the launcher as"
                + " VTOPO_JAVA_OPTS), e.g. '-XX:TieredStopAtLevel=1'.")
    java.util.List<String> jvm = new java.util.ArrayList<>();

    @Option(
        names = "--vtopo",
        paramLabel = "LAUNCHER",
        description =
            "The vtopo command timed as a whole process (default: the ./vtopo launcher of the"
                + " checkout this jar was built in, with its own JVM options, as an operator runs"
                + " it).")
    java.nio.file.Path vtopo;

    @Override
    public Integer call() throws Exception {
      DomainBench.run(
          sizes,
          runs.count(),
          jvm,
          vtopo != null ? vtopo : DomainBench.launcher(),
          spec.commandLine().getOut());
      return 0;
    }
  }

  /** Reachability summary and path queries on 10,000 vNICs over 1,000 bridges. */
  @Command(
      name = "reach",
      mixinStandardHelpOptions = true,
      description =
          "Reachability: check summary and path query times on a synthetic host (10 vNICs per bridge).")
  static final class Reach implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--bridges",
        defaultValue = "1000",
        description = "Bridges (default: ${DEFAULT-VALUE}).")
    int bridges;

    @Mixin InProcessRuns rounds = new InProcessRuns();

    @Option(
        names = "--queries",
        defaultValue = "10000",
        description = "Measured path queries (default: ${DEFAULT-VALUE}).")
    int queries;

    @Override
    public Integer call() {
      ReachBench.run(bridges, rounds.warmup, rounds.count(), queries, spec.commandLine().getOut());
      return 0;
    }
  }

  /** Plan, apply, verify and destroy of links in fresh namespaces, against ip -batch. */
  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Root only. Plan + apply + verify N bridges and N TAPs (with addresses) into a fresh network",
        "namespace, compared with the same work by 'ip -batch'; plan against a namespace with many links; destroy",
        "against one-by-one 'ip link del'. Links only (no libvirt). See docs/benchmarks.md."
      })
  static final class Apply implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--size",
        defaultValue = "1000",
        description = "Bridges (and TAPs) (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(
        names = "--existing",
        defaultValue = "10000",
        description =
            "Links already in the namespace the plan is timed against (default: ${DEFAULT-VALUE}).")
    int existing;

    @Option(
        names = "--no-destroy",
        description = "Skip the destroy comparison (one-by-one deletion is slow).")
    boolean noDestroy;

    @Option(
        names = "--rounds",
        defaultValue = "5",
        description =
            "Paired vtopo/ip rounds, alternating which goes first; the table reports medians"
                + " (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws java.io.IOException {
      if (!ApplyBench.root()) {
        spec.commandLine()
            .getErr()
            .println("vtopo: bench apply needs root (named network namespaces)");
        return 3;
      }
      ApplyBench.run(size, existing, !noDestroy, Math.max(1, rounds), spec.commandLine().getOut());
      return 0;
    }
  }

  /** rtnetlink side by side with ip -batch and pyroute2 (LinkBench's own arguments). */
  @Command(
      name = "link",
      description =
          "vtopo's rtnetlink client against ip -batch and pyroute2 (as root):"
              + " [--teardown-max LINKS] [--rounds N] PAIRS...")
  static final class LinkKernel implements Callable<Integer> {
    @picocli.CommandLine.Unmatched List<String> args = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
      LinkBench.main(args.toArray(String[]::new));
      return 0;
    }
  }

  /** {@code vtopo fleet validate} and {@code check} of a synthetic fleet, as whole processes. */
  @Command(
      name = "fleet",
      mixinStandardHelpOptions = true,
      description = {
        "Time 'vtopo fleet validate' and 'vtopo fleet check' of a synthetic fleet",
        "as whole processes (JVM start included), then one check phase by phase.",
        "See docs/benchmarks.md."
      })
  static final class FleetCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--hosts",
        defaultValue = "100",
        description = "Hosts (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(
        names = "--vms",
        defaultValue = "200",
        description = "VMs per host (default: ${DEFAULT-VALUE}).")
    int vms;

    @Mixin ProcessRuns runs;

    @Option(
        names = "--vtopo",
        defaultValue = "./vtopo",
        paramLabel = "COMMAND",
        description =
            "The vtopo command timed: the checkout's launcher (default: ${DEFAULT-VALUE}), or an"
                + " installed /usr/bin/vtopo.")
    String vtopo;

    @Override
    public Integer call() throws Exception {
      return FleetBench.run(
          vtopo,
          hosts,
          vms,
          runs.count(),
          spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }
  }

  /** Runs a benchmark and exits with its code. */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new BenchCommand()).execute(args));
  }

  /** Whole vtopo export and plan processes against a large test-driver host. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Time whole 'vtopo export' and 'vtopo plan' (of the export) processes against a libvirt"
              + " test-driver host of N networks, P pools and V volumes (root: links are read from"
              + " an empty namespace of its own).")
  static final class ExportPlan implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--networks",
        defaultValue = "200",
        description = "Networks (default: ${DEFAULT-VALUE}).")
    int networks;

    @Option(
        names = "--pools",
        defaultValue = "50",
        description = "Pools (default: ${DEFAULT-VALUE}).")
    int pools;

    @Option(
        names = "--volumes",
        defaultValue = "2000",
        description = "Volumes, spread over the pools (default: ${DEFAULT-VALUE}).")
    int volumes;

    @Option(
        names = "--rounds",
        defaultValue = "5",
        description =
            "Rounds of export then plan; medians are reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
        names = "--vtopo",
        defaultValue = "./vtopo",
        description = "The vtopo command to time (default: ${DEFAULT-VALUE}, the source launcher).")
    String vtopo;

    @Override
    public Integer call() throws Exception {
      if (!ApplyBench.root()) {
        spec.commandLine().getErr().println("vtopo: bench export needs root (a named namespace)");
        return 3;
      }
      ExportPlanBench.run(
          vtopo, networks, pools, volumes, Math.max(1, rounds), spec.commandLine().getOut());
      return 0;
    }
  }
}
