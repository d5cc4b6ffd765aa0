package io.vtopo.cli;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.apply.HostLock;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.Foreign;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.Planner;
import io.vtopo.host.HostSession;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code vtopo adopt FILE ID...|--all}: take over existing objects explicitly. */
@Command(
    name = "adopt",
    mixinStandardHelpOptions = true,
    description = {
      "Mark existing objects that vtopo did not create as owned by topology FILE, so that plan and apply",
      "manage them (and destroy removes them). IDs: link:NAME, network:NAME, pool:NAME, volume:POOL/NAME, vm:NAME",
      "(the libvirt domain a vm names: vtopo then manages the vNICs and disks FILE declares on it); each",
      "must be declared in FILE. An adopted pool's storage is never deleted by vtopo, even with --allow-data-loss.",
      "--all takes over every object FILE declares that exists, was not created by vtopo and matches FILE",
      "(what 'vtopo plan' lists as unmanaged); objects that differ from FILE are listed with the fields",
      "that differ and not adopted (adopt one by its ID to take it over anyway, then apply the file)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:adopted (with --all: every foreign object FILE declares, or there was none)",
      "1:an id is not declared, does not exist or belongs to another topology; with --all: some objects",
      "  differ from FILE or belong to another topology and were not adopted (the others were)",
      "2:usage error",
      "3:host facility unavailable"
    })
final class AdoptCommand extends HostCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Topology file.")
  Path file;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "ID", description = "Objects to adopt.")
  List<String> ids;

  @Option(
      names = "--all",
      description =
          "Adopt every object FILE declares that exists, is not managed and matches FILE.")
  boolean all;

  @Override
  public Integer call() {
    boolean some = ids != null && !ids.isEmpty();
    if (all == some) {
      throw new ParameterException(
          spec.commandLine(),
          "give either the IDs to adopt or --all, not " + (all ? "both" : "neither"));
    }
    Topology t = load(file);
    if (t == null) {
      return ExitCodes.INVALID;
    }
    if (some) {
      for (String id : ids) {
        declared(t, id);
      }
    }
    try (HostSession s = HostSession.open(host.target());
        HostLock lock = s.lock(Duration.ZERO)) {
      if (all) {
        s.requireLibvirtFor(t);
        return adoptAll(s, t, s.read(), out(), err());
      }
      for (String id : ids) {
        adopt(s, t, id);
        out().println("adopted " + id + " into topology '" + t.name() + "'");
      }
    }
    return ExitCodes.OK;
  }

  /**
   * Adopts what {@code t} declares that exists, was made by another tool and matches {@code t} (the
   * plan's unmanaged objects), through the same per-object path as {@code adopt FILE ID}; lists the
   * foreign objects it leaves, with why. The caller holds the host lock.
   *
   * @return 0 when nothing foreign was left, 1 otherwise
   */
  static int adoptAll(HostSession s, Topology t, HostState h, PrintWriter out, PrintWriter err) {
    Plan p = Planner.plan(t, h, s.options(false, false, false));
    List<Foreign> foreign = new ArrayList<>(p.foreign());
    // Containers before what they hold: a pool before its volumes.
    foreign.sort(Comparator.comparingInt((Foreign f) -> order(f.id())).thenComparing(Foreign::id));
    int adopted = 0;
    int left = 0;
    for (Foreign f : foreign) {
      if (f.adoptable()) {
        adopt(s, t, f.id().toString());
        out.println("adopted " + f.id() + " into topology '" + t.name() + "'");
        adopted++;
      }
    }
    for (Foreign f : foreign) {
      if (!f.adoptable()) {
        left++;
        err.println(
            "not adopted: "
                + f.id()
                + (f.owner() != null
                    ? ": belongs to topology '" + f.owner() + "'"
                    : ": differs from the file: " + String.join("; ", f.differences())));
      }
    }
    out.println(
        adopted == 0 && left == 0
            ? "nothing to adopt: no object the file declares exists unmanaged on this host"
            : "adopted "
                + adopted
                + " object(s) into topology '"
                + t.name()
                + "'"
                + (left == 0 ? "" : "; " + left + " left alone (listed on stderr)"));
    out.flush();
    err.flush();
    return left == 0 ? ExitCodes.OK : ExitCodes.INVALID;
  }

  private static int order(ObjectId id) {
    return switch (id.kind()) {
      case LINK -> 0;
      case NETWORK -> 1;
      case POOL -> 2;
      case VOLUME -> 3;
      default -> 4;
    };
  }

  /** Adopts one declared object: the only path that marks a foreign object as the topology's. */
  private static void adopt(HostSession s, Topology t, String id) {
    String name = id.substring(id.indexOf(':') + 1);
    switch (id.substring(0, id.indexOf(':'))) {
      case "link" -> s.links.adopt(name, t.name());
      case "network" -> require(s.networks, id).adopt(name, t.name());
      case "pool" -> require(s.storage, id).adoptPool(name, t.name());
      case "volume" ->
          require(s.storage, id)
              .adoptVolume(
                  name.substring(0, name.indexOf('/')),
                  name.substring(name.indexOf('/') + 1),
                  t.name());
      case "vm" -> require(s.domains, id).adopt(t.vm(name).orElseThrow().domain(), t.name());
      default -> throw new IllegalStateException(id);
    }
  }

  private static <T> T require(T backend, String id) {
    if (backend == null) {
      throw new VtopoException(Kind.UNAVAILABLE, id, "libvirt is not connected (--connect none)");
    }
    return backend;
  }

  /**
   * Only what the file declares can be adopted: adoption is a promise that the file describes the
   * object.
   */
  private static void declared(Topology t, String id) {
    int colon = id.indexOf(':');
    String kind = colon < 0 ? "" : id.substring(0, colon);
    String name = colon < 0 ? "" : id.substring(colon + 1);
    boolean ok =
        switch (kind) {
          case "link" -> t.link(name).filter(l -> !(l instanceof Nic)).isPresent();
          case "network" -> t.network(name).isPresent();
          case "pool" -> t.pool(name).isPresent();
          case "volume" ->
              name.contains("/")
                  && t.pool(name.substring(0, name.indexOf('/')))
                      .map(
                          p ->
                              p.attrs().volumes().stream()
                                  .anyMatch(
                                      v -> v.name().equals(name.substring(name.indexOf('/') + 1))))
                      .orElse(false);
          case "vm" -> t.vm(name).filter(v -> v.domain() != null).isPresent();
          default ->
              throw new VtopoException(
                  Kind.INVALID_INPUT,
                  id,
                  "an id is link:NAME, network:NAME, pool:NAME, volume:POOL/NAME or vm:NAME");
        };
    if (!ok) {
      throw new VtopoException(
          Kind.INVALID_INPUT,
          id,
          "not declared in the file"
              + (kind.equals("link")
                  ? " (NICs need no adoption: declaring one is enough)"
                  : kind.equals("vm") ? " with a domain" : "")
              + "; declare it first, as it is on the host");
    }
  }
}
