package io.vtopo.netlink.backend;

import io.vtopo.core.VtopoException;
import io.vtopo.core.plan.HostFacts;
import io.vtopo.netlink.NetlinkException;
import io.vtopo.netlink.Netns;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.model.GenericInfo;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.sys.Errno;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this host can do, as the plan's host checks ask it: which link kinds the running kernel can
 * create, probed in a throwaway network namespace, and which users and groups exist, looked up the
 * way {@link NetlinkLinkBackend} resolves a TAP's owner at apply time (so the plan refuses exactly
 * what the apply would fail on).
 *
 * <p>A kind is probed by asking the kernel to create a link of that kind with no settings ({@code
 * ip link add vtprobe type KIND}) in a fresh anonymous namespace: a kernel without the kind answers
 * EOPNOTSUPP "Unknown device type" before looking at any setting; one with it creates the link or
 * refuses the missing settings (EINVAL), and the namespace takes whatever was made with it when it
 * closes. Answers are cached for the life of the process (the kernel does not gain or lose kinds
 * while a command runs). Where no namespace can be created (no privilege), kinds are unknown and
 * nothing is refused.
 */
public final class KernelHostFacts implements HostFacts {
  private static final KernelHostFacts INSTANCE = new KernelHostFacts();

  /**
   * File kinds that are made with rtnetlink (taps come from /dev/net/tun; NICs are never created).
   */
  private static final Map<String, String> KERNEL_KIND =
      Map.of(
          "bridge", "bridge", "bond", "bond", "vlan", "vlan", "veth", "veth", "vxlan", "vxlan",
          "macvlan", "macvlan", "macvtap", "macvtap", "dummy", "dummy");

  /** Probe answers per kernel kind: a reason when unsupported, "" when supported or unknown. */
  private final Map<String, String> probed = new ConcurrentHashMap<>();

  private int probes;

  private KernelHostFacts() {}

  /**
   * The process-wide instance (probes are cached across commands of one process, e.g. the sandbox's
   * stages).
   */
  public static KernelHostFacts get() {
    return INSTANCE;
  }

  @Override
  public Optional<String> unsupportedLinkKind(String kind) {
    String k = KERNEL_KIND.get(kind);
    if (k == null) {
      return Optional.empty();
    }
    String why = probed.computeIfAbsent(k, this::probe);
    return why.isEmpty() ? Optional.empty() : Optional.of(why);
  }

  /** How many probes this process ran (each kind at most once). */
  public synchronized int probes() {
    return probes;
  }

  private String probe(String kind) {
    synchronized (this) {
      probes++;
    }
    Netns ns;
    try {
      ns = Netns.create();
    } catch (RuntimeException e) {
      return ""; // cannot probe without a namespace of our own: unknown, refuse nothing
    }
    try (ns;
        RtNetlink nl = RtNetlink.open(ns)) {
      nl.createLink(LinkSpec.create("vtprobe0", new GenericInfo(kind, new byte[0])));
      return "";
    } catch (NetlinkException e) {
      if (e.errno() == Errno.EOPNOTSUPP) {
        String ack = e.extAck() == null || e.extAck().isEmpty() ? "EOPNOTSUPP" : e.extAck();
        return "probed with 'ip link add type " + kind + "' in a throwaway namespace: " + ack;
      }
      return ""; // the kernel knows the kind and refused the empty settings: supported
    } catch (RuntimeException e) {
      return "";
    }
  }

  @Override
  public Optional<Boolean> userExists(String name) {
    return exists(name, "/etc/passwd");
  }

  @Override
  public Optional<Boolean> groupExists(String name) {
    return exists(name, "/etc/group");
  }

  private static Optional<Boolean> exists(String name, String database) {
    try {
      NetlinkLinkBackend.id(name, database, null);
      return Optional.of(true);
    } catch (VtopoException e) {
      return e.kind() == VtopoException.Kind.INVALID_INPUT ? Optional.of(false) : Optional.empty();
    }
  }
}
