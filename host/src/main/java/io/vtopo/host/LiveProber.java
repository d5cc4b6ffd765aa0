package io.vtopo.host;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.reach.LivePlan;
import io.vtopo.core.reach.LivePlan.Check;
import io.vtopo.core.reach.LivePlan.Probe;
import io.vtopo.core.reach.LivePlan.Side;
import io.vtopo.core.reach.LiveReport.Observation;
import io.vtopo.netlink.Icmp;
import io.vtopo.netlink.NetlinkException;
import io.vtopo.netlink.Netns;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.model.MacAddress;
import io.vtopo.netlink.model.Route;
import io.vtopo.netlink.model.VethInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds the probes of a {@link LivePlan} on the host, pings, and removes everything again.
 *
 * <p>Each probe is a fresh anonymous network namespace holding one end of a veth pair ({@code ip
 * link add vtp-PID-N type veth peer name eth0 netns NS}); the other end is enslaved to the bridge
 * the vNIC would be on. Anonymous namespaces die with their last handle, taking the veth pair with
 * them, so even a {@code kill -9} of vtopo leaves no probe behind; {@link #close()} (also run by
 * the command's shutdown hook) removes them at once.
 */
public final class LiveProber implements AutoCloseable {
  private final Netns topologyNs;
  private final RtNetlink topology;
  private final RtNetlink root;
  private final String prefix;
  private final List<Built> built = new ArrayList<>();
  private boolean closed;

  /** A probe on the host: its namespace, its host-side link and the client of the side it is on. */
  private record Built(Probe probe, String hostEnd, RtNetlink side, Netns ns, RtNetlink inside) {}

  public LiveProber(String netns) {
    this.topologyNs = netns == null ? null : Netns.named(netns);
    this.topology = RtNetlink.open(topologyNs);
    this.root = RtNetlink.open();
    this.prefix = "vtp-" + Long.toHexString(ProcessHandle.current().pid() & 0xffffff) + "-";
  }

  /**
   * Whether a side forwards the family ({@code sysctl net.ipv4.ip_forward}, {@code
   * net.ipv6.conf.all.forwarding}).
   */
  public boolean forwarding(Side side, boolean v6) {
    Path p =
        Path.of(v6 ? "/proc/sys/net/ipv6/conf/all/forwarding" : "/proc/sys/net/ipv4/ip_forward");
    java.util.concurrent.Callable<Boolean> read =
        () -> {
          try {
            return Files.readString(p).trim().equals("1");
          } catch (IOException e) {
            return false;
          }
        };
    try {
      return side == Side.TOPOLOGY && topologyNs != null ? topologyNs.call(read) : read.call();
    } catch (Exception e) {
      return false;
    }
  }

  /** The name of probe n's host-side link: {@code vtp-<pid in hex>-<n>}, at most 15 characters. */
  public String hostEnd(Probe p) {
    String n = prefix + p.n();
    return n.length() <= 15 ? n : "vtp" + n.substring(n.length() - 12);
  }

  /** Creates every probe. */
  public synchronized void build(List<Probe> probes) {
    for (Probe p : probes) {
      if (p.guest()) {
        continue; // a running guest answers for itself
      }
      if (closed) {
        throw new VtopoException(Kind.FAILED, null, "interrupted while building probes");
      }
      RtNetlink side = p.side() == Side.TOPOLOGY ? topology : root;
      String host = hostEnd(p);
      Netns ns = Netns.create();
      RtNetlink inside;
      try {
        inside = RtNetlink.open(ns);
      } catch (RuntimeException e) {
        ns.close();
        throw e;
      }
      // Registered before the link exists: a failure half-way still removes what was made.
      built.add(new Built(p, host, side, ns, inside));
      String where =
          p.label()
              + ": probe "
              + host
              + " on bridge "
              + p.bridge()
              + " in "
              + LivePlan.sideText(p.side());
      try {
        Icmp.allowPingSockets(ns);
        side.createLink(LinkSpec.create(host, new VethInfo(p.nicName(), ns)).withMac(hostMac(p)));
        side.setMaster(host, p.bridge());
        if (p.up()) {
          side.setUp(host);
        }
        inside.setUp("lo");
        LinkSpec nic = LinkSpec.ofName(p.nicName()).withUp(true);
        if (p.mac() != null) {
          nic = nic.withMac(MacAddress.ofBytes(p.mac().bytes()));
        }
        inside.modifyLink(nic);
        int index = inside.link(p.nicName()).orElseThrow().index();
        InetAddress a = inet(p.address().address().bytes());
        boolean v6 = p.address().address().isV6();
        // IFA_F_NODAD: an IPv6 probe address is usable at once instead of after duplicate address
        // detection.
        inside.addAddress(
            new Address(index, a, p.address().length(), null, 0, v6 ? 0x02 : 0, null));
        if (p.gateway() != null) {
          inside.addRoute(
              new Route(
                  v6 ? 10 : 2, null, 0, inet(p.gateway().bytes()), index, 254, 3, 0, 1, null));
        }
      } catch (NetlinkException e) {
        throw new VtopoException(Kind.FAILED, null, where + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Waits until the bridge ports of the probes in the root namespace forward: a bridge with STP on
   * (libvirt's default) holds a new port in listening and learning for at least 2 s each, as it
   * does a guest's vnet TAP. Read from {@code /sys/class/net/PORT/brport/state} (3 is forwarding);
   * this process's sysfs shows the root namespace only, so ports in the topology's namespace are
   * not waited for. Returns how long it waited, in ms.
   */
  public long awaitForwarding(long maxMs) {
    long start = System.nanoTime();
    List<Path> ports;
    synchronized (this) {
      ports =
          built.stream()
              .filter(b -> b.side() == root && b.probe().up())
              .map(b -> Path.of("/sys/class/net", b.hostEnd(), "brport", "state"))
              .toList();
    }
    for (Path port : ports) {
      while ((System.nanoTime() - start) / 1_000_000 < maxMs) {
        try {
          if (Files.readString(port).trim().equals("3")) {
            break;
          }
        } catch (IOException e) {
          break;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new VtopoException(Kind.FAILED, null, "interrupted while waiting for bridge ports");
        }
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** Pings every probed check in parallel; null for the checks that are skipped. */
  public List<Observation> run(List<Check> checks, int timeoutMs) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(32, checks.size())),
            r -> {
              Thread t = new Thread(r, "vtopo-ping");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Observation>> futures = new ArrayList<>();
      for (Check c : checks) {
        if (c.skip() != null) {
          futures.add(null);
          continue;
        }
        Netns ns = namespaceOf(c.from());
        InetAddress target = inet(c.target().bytes());
        futures.add(
            pool.submit(
                () -> {
                  Icmp.Result r = Icmp.ping(ns, target, timeoutMs);
                  return new Observation(
                      r.replied(),
                      r.replied()
                          ? String.format(Locale.ROOT, "reply in %.1f ms", r.micros() / 1000.0)
                          : r.detail());
                }));
      }
      List<Observation> out = new ArrayList<>();
      for (Future<Observation> f : futures) {
        out.add(f == null ? null : f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VtopoException(Kind.FAILED, null, "interrupted while pinging");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      throw new VtopoException(Kind.FAILED, null, "ping failed: " + c.getMessage(), c);
    } finally {
      pool.shutdownNow();
    }
  }

  private synchronized Netns namespaceOf(Probe p) {
    for (Built b : built) {
      if (b.probe().equals(p)) {
        return b.ns();
      }
    }
    throw new IllegalStateException("no probe built for " + p.label());
  }

  /** Probe names, for the report. */
  public synchronized List<String> names() {
    return built.stream().map(b -> b.probe().label() + " = " + b.hostEnd()).toList();
  }

  /**
   * A host-side MAC that never becomes the bridge's own: {@code fe:...} sorts above the MACs guests
   * use, and a bridge without a fixed MAC takes its lowest port's (libvirt gives its vnet TAPs
   * {@code fe:} for the same reason).
   */
  private MacAddress hostMac(Probe p) {
    long pid = ProcessHandle.current().pid();
    return MacAddress.ofBytes(
        new byte[] {
          (byte) 0xfe,
          (byte) (pid >> 16),
          (byte) (pid >> 8),
          (byte) pid,
          (byte) (p.n() >> 8),
          (byte) p.n()
        });
  }

  private static InetAddress inet(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * Removes every probe: the host-side link first, then the namespace. Idempotent; safe from a
   * shutdown hook.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Built b : built) {
      try {
        b.side().deleteLink(b.hostEnd());
      } catch (RuntimeException e) {
        // Not created, or already gone with its namespace: nothing to remove.
      }
      b.inside().close();
      b.ns().close();
    }
    built.clear();
    topology.close();
    root.close();
    if (topologyNs != null) {
      topologyNs.close();
    }
  }
}
