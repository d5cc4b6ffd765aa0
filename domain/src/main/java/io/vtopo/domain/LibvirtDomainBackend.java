package io.vtopo.domain;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.backend.DomainBackend;
import io.vtopo.core.backend.FaultPoints;
import io.vtopo.core.backend.LiveDomain;
import io.vtopo.core.model.VmDevice;
import io.vtopo.core.model.Vnic;
import io.vtopo.libvirt.NativeDomains;
import io.vtopo.libvirt.NativeDomains.NativeDomain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.libvirt.Connect;

/**
 * {@link DomainBackend} over the shared libvirt connection. Reads every domain in one list call and
 * two XML reads per domain; attaches, detaches and updates devices with {@code
 * VIR_DOMAIN_AFFECT_LIVE} and/or {@code _CONFIG}; records ownership in the domain's {@code
 * <metadata>}; keeps a checkpoint of each touched domain's live and persistent XML on disk so that
 * a failed or killed apply can put both back.
 */
public final class LibvirtDomainBackend implements DomainBackend {
  private final Connect conn;

  private final Path checkpointDir;
  private final BiConsumer<String, String> setMaster;
  private Duration pollInterval = Duration.ofMillis(100);

  /**
   * Creates a backend.
   *
   * @param conn the shared libvirt connection
   * @param checkpointDir where checkpoints of touched domains are kept during an apply (per
   *     topology)
   * @param setMaster puts a TAP on a bridge ({@code ip link set dev TAP master BR}) in the
   *     namespace where libvirt creates its bridges; used to reconnect guests after a network
   *     restart
   */
  public LibvirtDomainBackend(
      Connect conn, Path checkpointDir, BiConsumer<String, String> setMaster) {
    this.conn = conn;
    this.checkpointDir = checkpointDir;
    this.setMaster = setMaster;
  }

  @Override
  public List<LiveDomain> list() {
    List<LiveDomain> out = new ArrayList<>();
    for (NativeDomain d : NativeDomains.listAll(conn)) {
      out.add(toLive(d));
    }
    return out;
  }

  /**
   * A listed domain in the model; a domain whose XML cannot be read or parsed is reported, not
   * fatal.
   */
  static LiveDomain toLive(NativeDomain d) {
    if (d.error() != null) {
      return LiveDomain.unreadable(d.name(), d.error());
    }
    try {
      DomainXml.Parsed live = DomainXml.parse(d.liveXml(), d.name());
      DomainXml.Parsed cfg =
          d.inactiveXml() == null || d.inactiveXml().equals(d.liveXml())
              ? live
              : DomainXml.parse(d.inactiveXml(), d.name());
      return new LiveDomain(
          d.name(),
          d.active(),
          d.persistent(),
          cfg.owner(),
          cfg.managed(),
          live.vm(),
          cfg.vm(),
          cfg.unmodelled(),
          null);
    } catch (VtopoException e) {
      return LiveDomain.unreadable(d.name(), e.getMessage());
    }
  }

  private NativeDomain require(String domain) {
    NativeDomain d = NativeDomains.lookup(conn, domain);
    if (d == null) {
      throw new VtopoException(
          Kind.NOT_FOUND,
          "vm:" + domain,
          "domain '" + domain + "' no longer exists (deleted" + " during the apply?)");
    }
    if (d.error() != null) {
      throw new VtopoException(Kind.FAILED, "vm:" + domain, d.error());
    }
    return d;
  }

  private static int flags(boolean live, boolean config) {
    return (live ? NativeDomains.AFFECT_LIVE : 0) | (config ? NativeDomains.AFFECT_CONFIG : 0);
  }

  @Override
  public void attach(String domain, VmDevice device, boolean live, boolean config, String owner) {
    NativeDomain d = require(domain);
    checkOwner(d, owner);
    try {
      mutating(
          "attach",
          domain,
          device.key(),
          () -> NativeDomains.attach(conn, domain, DomainXml.render(device), flags(live, config)));
    } catch (VtopoException e) {
      if (e.kind() != Kind.UNSUPPORTED || live) {
        throw e;
      }
      // Drivers without device calls (the test driver): the persistent definition is edited and
      // defined again.
      String xml =
          DomainXml.withDevice(
              d.inactiveXml() != null ? d.inactiveXml() : d.liveXml(), domain, device);
      mutating("define", domain, device.key(), () -> NativeDomains.define(conn, xml));
    }
    record(domain, owner, device.key(), true);
  }

  @Override
  public void detach(
      String domain,
      VmDevice device,
      boolean live,
      boolean config,
      String owner,
      Duration timeout) {
    NativeDomain d = require(domain);
    checkOwner(d, owner);
    String xml = live ? d.liveXml() : d.inactiveXml();
    String el = DomainXml.element(xml, domain, device.key());
    if (el == null) {
      el = DomainXml.render(device);
    }
    try {
      String e0 = el;
      mutating(
          "detach",
          domain,
          device.key(),
          () -> NativeDomains.detach(conn, domain, e0, flags(live, config)));
    } catch (VtopoException e) {
      if (e.kind() != Kind.UNSUPPORTED || live) {
        throw e;
      }
      String without =
          DomainXml.withoutDevice(
              d.inactiveXml() != null ? d.inactiveXml() : d.liveXml(), domain, device.key());
      mutating("define", domain, device.key(), () -> NativeDomains.define(conn, without));
    }
    if (live) {
      awaitGone(domain, device, timeout);
    }
    record(domain, owner, device.key(), false);
  }

  /**
   * A live detach only asks the guest (ACPI unplug); the device is gone when libvirt reports
   * DEVICE_REMOVED and drops it from the live XML. Polls the live XML (a few cheap reads) up to the
   * deadline.
   */
  private void awaitGone(String domain, VmDevice device, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      NativeDomain d = NativeDomains.lookup(conn, domain);
      if (d == null
          || !d.active()
          || DomainXml.element(d.liveXml(), domain, device.key()) == null) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new VtopoException(
            Kind.FAILED,
            device.id(domain).toString(),
            "the guest did not release the device"
                + " within "
                + timeout.toSeconds()
                + " s (hot-unplug needs the guest's cooperation: ACPI PCI hotplug in"
                + " its OS); the apply is rolled back. QEMU keeps the unplug request and libvirt"
                + " cannot withdraw it: the guest may still release the device later (a paused"
                + " guest does when it resumes); it is then gone from the running guest until its"
                + " next boot, and the persistent definition keeps it");
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VtopoException(
            Kind.FAILED, device.id(domain).toString(), "interrupted while waiting for the guest");
      }
    }
  }

  @Override
  public void update(String domain, VmDevice liveDevice, VmDevice configDevice, String owner) {
    NativeDomain d = require(domain);
    checkOwner(d, owner);
    if (configDevice != null) {
      String base = d.inactiveXml() != null ? d.inactiveXml() : d.liveXml();
      updateDevice(
          d,
          DomainXml.patched(base, domain, configDevice),
          configDevice,
          d.active() && d.persistent() ? NativeDomains.AFFECT_CONFIG : 0);
    }
    if (liveDevice != null) {
      updateDevice(
          d,
          DomainXml.patched(d.liveXml(), domain, liveDevice),
          liveDevice,
          NativeDomains.AFFECT_LIVE);
    }
    record(domain, owner, (liveDevice != null ? liveDevice : configDevice).key(), true);
  }

  /**
   * {@code virDomainUpdateDeviceFlags}; where a driver lacks it (the test driver), the persistent
   * side is changed by redefining the domain with the patched device (the live side cannot change
   * there).
   */
  private void updateDevice(NativeDomain d, String xml, VmDevice device, int flags) {
    try {
      mutating(
          (flags & NativeDomains.AFFECT_LIVE) != 0 ? "update-live" : "update-config",
          d.name(),
          device.key(),
          () -> NativeDomains.update(conn, d.name(), xml, flags));
    } catch (VtopoException e) {
      if (e.kind() != Kind.UNSUPPORTED) {
        throw e;
      }
      if (flags == NativeDomains.AFFECT_LIVE) {
        throw e;
      } else {
        NativeDomain now = require(d.name());
        String base = now.inactiveXml() != null ? now.inactiveXml() : now.liveXml();
        String with = DomainXml.withDevice(base, d.name(), device);
        mutating("define", d.name(), device.key(), () -> NativeDomains.define(conn, with));
      }
    }
  }

  private static void checkOwner(NativeDomain d, String owner) {
    // Ownership is checked at the moment of the action, not only at plan time.
    String xml = d.inactiveXml() != null ? d.inactiveXml() : d.liveXml();
    String o = DomainXml.parse(xml, d.name()).owner();
    if (!owner.equals(o)) {
      throw new VtopoException(
          Kind.NOT_OWNED,
          "vm:" + d.name(),
          "domain '"
              + d.name()
              + "' is "
              + (o == null ? "not managed by vtopo" : "owned by topology '" + o + "'")
              + "; its devices are left alone");
    }
  }

  /**
   * Adds or removes a device key in vtopo's metadata, live and persistent as the domain has them.
   */
  private void record(String domain, String owner, String key, boolean add) {
    NativeDomain d = require(domain);
    String xml = d.inactiveXml() != null ? d.inactiveXml() : d.liveXml();
    Set<String> managed = new LinkedHashSet<>(DomainXml.parse(xml, domain).managed());
    boolean changed = add ? managed.add(key) : managed.remove(key);
    if (changed) {
      writeMetadata(d, owner, managed);
    }
  }

  private void writeMetadata(NativeDomain d, String owner, Set<String> managed) {
    int f =
        d.active()
            ? NativeDomains.AFFECT_LIVE | (d.persistent() ? NativeDomains.AFFECT_CONFIG : 0)
            : 0;
    mutating(
        "metadata",
        d.name(),
        null,
        () ->
            NativeDomains.setMetadata(
                conn,
                d.name(),
                owner == null ? null : DomainXml.metadata(owner, managed),
                DomainXml.PREFIX,
                DomainXml.NS,
                f));
  }

  @Override
  public void adopt(String domain, String owner) {
    NativeDomain d = require(domain);
    String xml = d.inactiveXml() != null ? d.inactiveXml() : d.liveXml();
    DomainXml.Parsed p = DomainXml.parse(xml, domain);
    if (p.owner() != null && !p.owner().equals(owner)) {
      throw new VtopoException(
          Kind.CONFLICT,
          "vm:" + domain,
          "domain '" + domain + "' belongs to topology '" + p.owner() + "'");
    }
    writeMetadata(d, owner, p.managed());
  }

  // Checkpoint files: NAME.live.xml, NAME.config.xml (persistent domains), NAME.state
  // (running|shutoff).

  @Override
  public void checkpoint(Collection<String> domains) {
    // A checkpoint left by an apply whose journal was dropped (recover --keep-changes) must not be
    // restored later.
    discard();
    try {
      Files.createDirectories(checkpointDir);
      for (String name : domains) {
        NativeDomain d = require(name);
        write(name + ".live.xml", d.liveXml());
        if (d.inactiveXml() != null) {
          write(name + ".config.xml", d.inactiveXml());
        }
        write(name + ".state", d.active() ? "running" : "shutoff");
      }
    } catch (IOException e) {
      throw new VtopoException(
          Kind.FAILED,
          null,
          "cannot write the domain checkpoint in " + checkpointDir + ": " + e.getMessage(),
          e);
    }
  }

  private void write(String file, String text) throws IOException {
    Path tmp = checkpointDir.resolve(file + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(
        tmp,
        checkpointDir.resolve(file),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public List<String> restore() {
    List<String> lost = new ArrayList<>();
    if (!Files.isDirectory(checkpointDir)) {
      return lost;
    }
    List<String> names;
    try (Stream<Path> s = Files.list(checkpointDir)) {
      names =
          s.map(p -> p.getFileName().toString())
              .filter(f -> f.endsWith(".state"))
              .map(f -> f.substring(0, f.length() - ".state".length()))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String name : names) {
      try {
        restoreOne(name, lost);
      } catch (VtopoException e) {
        lost.add("vm:" + name + ": " + e.getMessage());
      }
    }
    return lost;
  }

  private void restoreOne(String name, List<String> lost) {
    String savedLive;
    String savedConfig;
    try {
      savedLive = Files.readString(checkpointDir.resolve(name + ".live.xml"));
      Path c = checkpointDir.resolve(name + ".config.xml");
      savedConfig = Files.exists(c) ? Files.readString(c) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    NativeDomain now = NativeDomains.lookup(conn, name);
    if (now == null) {
      lost.add(
          "vm:"
              + name
              + ": the domain was deleted during the apply; vtopo never defines domains, so it is not"
              + " brought back");
      return;
    }
    if (savedConfig != null
        && now.persistent()
        && !Objects.equals(savedConfig, now.inactiveXml())) {
      mutating("define", name, null, () -> NativeDomains.define(conn, savedConfig));
    }
    if (now.active()) {
      restoreLive(name, savedLive, now, lost);
    }
  }

  /**
   * Puts the running guest's devices back as they were: detach what was added, attach what went,
   * update the rest.
   */
  private void restoreLive(String name, String savedLive, NativeDomain now, List<String> lost) {
    Map<String, String> was = DomainXml.deviceElements(savedLive, name);
    Map<String, String> is = DomainXml.deviceElements(now.liveXml(), name);
    List<VmDevice> wasDevices = DomainXml.parse(savedLive, name).vm().devices();
    List<VmDevice> isDevices = DomainXml.parse(now.liveXml(), name).vm().devices();
    for (VmDevice d : isDevices) {
      if (!was.containsKey(d.key())) {
        try {
          mutating(
              "detach",
              name,
              d.key(),
              () -> NativeDomains.detach(conn, name, is.get(d.key()), NativeDomains.AFFECT_LIVE));
          awaitGone(name, d, Duration.ofSeconds(10));
        } catch (VtopoException e) {
          lost.add(d.id(name) + ": still in the running guest: " + e.getMessage());
        }
      }
    }
    for (VmDevice d : wasDevices) {
      String el = was.get(d.key());
      VmDevice cur =
          isDevices.stream().filter(x -> x.key().equals(d.key())).findFirst().orElse(null);
      try {
        if (cur == null) {
          mutating(
              "attach",
              name,
              d.key(),
              () -> NativeDomains.attach(conn, name, el, NativeDomains.AFFECT_LIVE));
        } else if (!same(cur, d)) {
          try {
            mutating(
                "update-live",
                name,
                d.key(),
                () -> NativeDomains.update(conn, name, el, NativeDomains.AFFECT_LIVE));
          } catch (VtopoException e) {
            if (e.kind() != Kind.UNSUPPORTED) {
              throw e;
            }
            mutating(
                "detach",
                name,
                d.key(),
                () -> NativeDomains.detach(conn, name, is.get(d.key()), NativeDomains.AFFECT_LIVE));
            mutating(
                "attach",
                name,
                d.key(),
                () -> NativeDomains.attach(conn, name, el, NativeDomains.AFFECT_LIVE));
          }
        }
      } catch (VtopoException e) {
        lost.add(d.id(name) + ": " + e.getMessage());
      }
    }
    // vtopo's metadata as it was in the live XML.
    DomainXml.Parsed p = DomainXml.parse(savedLive, name);
    DomainXml.Parsed n = DomainXml.parse(now.liveXml(), name);
    if (!Objects.equals(p.owner(), n.owner()) || !p.managed().equals(n.managed())) {
      mutating(
          "metadata",
          name,
          null,
          () ->
              NativeDomains.setMetadata(
                  conn,
                  name,
                  p.owner() == null ? null : DomainXml.metadata(p.owner(), p.managed()),
                  DomainXml.PREFIX,
                  DomainXml.NS,
                  NativeDomains.AFFECT_LIVE));
    }
  }

  /** Same modelled fields (the host-side device name libvirt picks is not compared). */
  private static boolean same(VmDevice a, VmDevice b) {
    if (a instanceof Vnic x && b instanceof Vnic y) {
      return x.withDev(null).equals(y.withDev(null));
    }
    return a.equals(b);
  }

  @Override
  public void discard() {
    if (!Files.isDirectory(checkpointDir)) {
      return;
    }
    try (Stream<Path> s = Files.list(checkpointDir)) {
      for (Path p : s.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(checkpointDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The addresses libvirt knows for a running domain's vNICs, by MAC: the DHCP leases of its
   * networks ({@code virDomainInterfaceAddresses} from the lease source), then the host's ARP table
   * for the vNICs without a lease. The first IPv4 address of each (the probes ping one address).
   * Empty when the domain does not run or libvirt cannot say.
   */
  public java.util.Map<io.vtopo.core.model.MacAddress, io.vtopo.core.model.IpPrefix> addresses(
      String domain) {
    java.util.Map<io.vtopo.core.model.MacAddress, io.vtopo.core.model.IpPrefix> out =
        new java.util.LinkedHashMap<>();
    for (int source :
        new int[] {NativeDomains.ADDRESSES_SRC_LEASE, NativeDomains.ADDRESSES_SRC_ARP}) {
      List<NativeDomains.InterfaceAddresses> ifs;
      try {
        ifs = NativeDomains.interfaceAddresses(conn, domain, source);
      } catch (RuntimeException e) {
        continue; // not running, gone, or the source is not supported by this driver
      }
      for (NativeDomains.InterfaceAddresses i : ifs) {
        var mac = io.vtopo.core.model.MacAddress.parse(i.mac() == null ? "" : i.mac());
        if (mac.isEmpty() || out.containsKey(mac.get())) {
          continue;
        }
        i.addresses().stream()
            .map(a -> io.vtopo.core.model.IpPrefix.parse(a).orElse(null))
            .filter(a -> a != null && !a.address().isV6())
            .findFirst()
            .ifPresent(a -> out.put(mac.get(), a));
      }
    }
    return out;
  }

  @Override
  public List<String> reconnect(String network) {
    List<String> out = new ArrayList<>();
    for (NativeDomain d : NativeDomains.listAll(conn)) {
      if (!d.active() || d.error() != null) {
        continue;
      }
      var doc = DomainXml.doc(d.liveXml(), d.name());
      var devices = DomainXml.child(doc.getDocumentElement(), "devices");
      if (devices == null) {
        continue;
      }
      for (var e : DomainXml.children(devices)) {
        var src = DomainXml.child(e, "source");
        var tgt = DomainXml.child(e, "target");
        if (!e.getTagName().equals("interface")
            || !"network".equals(e.getAttribute("type"))
            || src == null
            || tgt == null
            || !network.equals(src.getAttribute("network"))) {
          continue;
        }
        String tap = tgt.getAttribute("dev");
        // The network's bridge now (a restart may have given it another name), else the one the
        // guest started on.
        var net = io.vtopo.libvirt.NativeNetworks.lookup(conn, network);
        String bridge =
            net != null && net.bridgeName() != null ? net.bridgeName() : src.getAttribute("bridge");
        if (tap.isEmpty() || bridge.isEmpty()) {
          continue;
        }
        setMaster.accept(tap, bridge);
        out.add("vm " + d.name() + " (" + tap + " on " + bridge + ")");
      }
    }
    return out;
  }

  /**
   * One libvirt call that changes a domain, between two fault points ({@code domain OP NAME [KEY]}:
   * the race-and-crash harness stops, kills or fails the apply there).
   */
  private static void mutating(String op, String domain, String key, Runnable call) {
    String label =
        FaultPoints.active()
            ? "domain " + op + " " + domain + (key == null ? "" : " " + key)
            : null;
    FaultPoints.before(label);
    try {
      call.run();
    } finally {
      FaultPoints.after(label);
    }
  }

  /** Polling interval of a hot-unplug wait (tests shorten it). */
  LibvirtDomainBackend withPollInterval(Duration d) {
    this.pollInterval = d;
    return this;
  }
}
