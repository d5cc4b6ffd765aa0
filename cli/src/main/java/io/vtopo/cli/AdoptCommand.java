package io.vtopo.cli;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.apply.HostLock;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.Topology;
import io.vtopo.host.HostSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vtopo adopt FILE ID...}: take over existing objects explicitly. */
@Command(
    name = "adopt",
    mixinStandardHelpOptions = true,
    description = {
      "Mark existing objects that vtopo did not create as owned by topology FILE, so that plan and apply",
      "manage them (and destroy removes them). IDs: link:NAME, network:NAME, pool:NAME, volume:POOL/NAME, vm:NAME",
      "(the libvirt domain a vm names: vtopo then manages the vNICs and disks FILE declares on it); each",
      "must be declared in FILE. An adopted pool's storage is never deleted by vtopo, even with --allow-data-loss."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:adopted",
      "1:an id is not declared, does not exist or belongs to another topology",
      "2:usage error",
      "3:host facility unavailable"
    })
final class AdoptCommand extends HostCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Topology file.")
  Path file;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID", description = "Objects to adopt.")
  List<String> ids;

  @Override
  public Integer call() {
    Topology t = load(file);
    if (t == null) {
      return ExitCodes.INVALID;
    }
    for (String id : ids) {
      declared(t, id);
    }
    try (HostSession s = HostSession.open(host.target());
        HostLock lock = s.lock(Duration.ZERO)) {
      for (String id : ids) {
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
        out().println("adopted " + id + " into topology '" + t.name() + "'");
      }
    }
    return ExitCodes.OK;
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
