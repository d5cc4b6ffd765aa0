package io.vtopo.core.plan;

import io.vtopo.core.backend.LiveDomain;
import io.vtopo.core.model.Disk;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.VmDevice;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.model.Vnic.AttachKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Plans the devices of the domains a topology names (part of {@link Planner}; pure). For each
 * declared device it compares the file with the domain's persistent XML (what the next boot gets)
 * and, on a running domain, with its live XML (what the guest has now), and labels the step with
 * what the running guest sees ({@link DeviceEffect}).
 *
 * <p>Which vNIC and disk fields libvirt changes on a running guest follows libvirt's QEMU driver
 * (its {@code qemuDomainChangeNet} and {@code qemuDomainChangeEjectableMedia}): a vNIC's source
 * network or bridge, port group, link state, bandwidth and filter change live; its model, VLAN, MTU
 * and macvtap mode only at the next boot; a disk's medium changes live only on a CD-ROM or floppy.
 * The plan never promises more than libvirt does.
 */
final class DevicePlanner {
  /** One field that differs, and whether libvirt changes it on a running guest. */
  record Delta(String field, String current, String desired, boolean live) {}

  private final Topology desired;
  private final HostState host;
  private final List<Step> detaches;
  private final List<Step> updates;
  private final List<Refusal> refusals;
  private final List<String> warnings;
  private final List<Foreign> foreign;

  DevicePlanner(
      Topology desired,
      HostState host,
      List<Step> detaches,
      List<Step> updates,
      List<Refusal> refusals,
      List<String> warnings,
      List<Foreign> foreign) {
    this.foreign = foreign;
    this.desired = desired;
    this.host = host;
    this.detaches = detaches;
    this.updates = updates;
    this.refusals = refusals;
    this.warnings = warnings;
  }

  void run() {
    Map<String, LiveDomain> byName = new HashMap<>();
    host.domains().forEach(d -> byName.put(d.name(), d));
    Set<String> claimed = new HashSet<>();
    for (Vm vm : desired.vms()) {
      if (vm.domain() == null) {
        continue;
      }
      ObjectId vid = ObjectId.vm(vm.name());
      LiveDomain d = byName.get(vm.domain());
      if (d == null) {
        refusals.add(
            new Refusal(
                vid,
                "domain '"
                    + vm.domain()
                    + "' does not exist on this host"
                    + (host.domains().isEmpty()
                        ? " (no domains were read: is libvirt connected?)"
                        : "")
                    + "; vtopo never defines domains: define it first or correct 'domain:'",
                null));
        continue;
      }
      if (!claimed.add(d.name())) {
        refusals.add(
            new Refusal(vid, "domain '" + d.name() + "' is named by more than one vm", null));
        continue;
      }
      if (d.error() != null) {
        refusals.add(
            new Refusal(vid, "domain '" + d.name() + "' cannot be read: " + d.error(), null));
        continue;
      }
      if (!d.ownedBy(desired.name())) {
        foreignDomain(vm, d, vid);
        continue;
      }
      devices(vm.name(), vm.devices(), d);
    }
    for (LiveDomain d : host.domains()) {
      if (!claimed.contains(d.name()) && d.error() == null && d.ownedBy(desired.name())) {
        // The file no longer names this domain: the devices this topology attached to it go; the
        // domain stays.
        devices(d.name(), List.of(), d);
      }
    }
  }

  /**
   * A domain this topology does not manage: planned as if it did, on scratch lists. Devices that
   * already match make it an unmanaged, adoptable object and nothing more; any step it would take
   * is a refusal naming the adopt command (another topology's domain is always refused).
   */
  private void foreignDomain(Vm vm, LiveDomain d, ObjectId vid) {
    List<String> diffs = new ArrayList<>();
    if (d.owner() == null) {
      int nd = detaches.size();
      int nu = updates.size();
      int nr = refusals.size();
      int nw = warnings.size();
      devices(vm.name(), vm.devices(), d);
      List<Step> steps = new ArrayList<>(detaches.subList(nd, detaches.size()));
      steps.addAll(updates.subList(nu, updates.size()));
      for (Step s : steps) {
        diffs.add(
            s.action().verb()
                + " "
                + s.id()
                + (s.changes().isEmpty()
                    ? ""
                    : " ("
                        + String.join(
                            "; ", s.changes().stream().map(FieldChange::toString).toList())
                        + ")"));
      }
      refusals.subList(nr, refusals.size()).forEach(r -> diffs.add(r.reason()));
      detaches.subList(nd, detaches.size()).clear();
      updates.subList(nu, updates.size()).clear();
      refusals.subList(nr, refusals.size()).clear();
      warnings.subList(nw, warnings.size()).clear();
    }
    foreign.add(new Foreign(vid, d.owner(), diffs));
    if (d.owner() == null && diffs.isEmpty()) {
      return;
    }
    refusals.add(
        new Refusal(
            vid,
            "domain '"
                + d.name()
                + "' "
                + (d.owner() == null
                    ? "is not managed by vtopo, and the file changes its devices ("
                        + String.join("; ", diffs)
                        + ")"
                    : "belongs to topology '" + d.owner() + "'"),
            null,
            d.owner() == null ? vid.toString() : null));
  }

  private void devices(String vm, List<VmDevice> wanted, LiveDomain d) {
    Map<String, VmDevice> lv = index(d.live());
    Map<String, VmDevice> cf = index(d.config());
    boolean running = d.running();
    Set<String> keys = new HashSet<>();
    for (VmDevice want : wanted) {
      keys.add(want.key());
      VmDevice c = d.persistent() ? cf.get(want.key()) : lv.get(want.key());
      VmDevice l = running ? lv.get(want.key()) : c;
      device(vm, d, want, c, l);
    }
    List<String> unmanaged = new ArrayList<>();
    Map<String, VmDevice> all = new LinkedHashMap<>(cf);
    lv.forEach(all::putIfAbsent);
    for (VmDevice cur : all.values()) {
      if (keys.contains(cur.key())) {
        continue;
      }
      if (!d.managed().contains(cur.key())) {
        unmanaged.add(describe(cur));
        continue;
      }
      boolean inLive = running && lv.containsKey(cur.key());
      boolean inConfig = d.persistent() && cf.containsKey(cur.key());
      DeviceEffect e =
          !running
              ? DeviceEffect.CONFIG_ONLY
              : inLive ? DeviceEffect.HOT_UNPLUG : DeviceEffect.NEXT_BOOT;
      detaches.add(
          new Step.DeviceStep(
              Action.DELETE,
              vm,
              d.name(),
              cur,
              null,
              inLive ? lv.get(cur.key()) : null,
              inConfig ? cf.get(cur.key()) : null,
              e,
              List.of(),
              inLive ? EnumSet.of(Mark.DISRUPTIVE) : EnumSet.noneOf(Mark.class),
              inLive
                  ? List.of(
                      "the guest must release the device; vtopo waits for it and rolls back if it does not")
                  : List.of()));
    }
    if (!unmanaged.isEmpty() && !wanted.isEmpty()) {
      warnings.add(
          ObjectId.vm(vm)
              + ": not declared in the file, left alone (unmanaged): "
              + String.join(", ", unmanaged));
    }
  }

  private void device(String vm, LiveDomain d, VmDevice want, VmDevice c, VmDevice l) {
    boolean running = d.running();
    if (c == null && l == null) {
      updates.add(
          new Step.DeviceStep(
              Action.CREATE,
              vm,
              d.name(),
              null,
              want,
              running ? want : null,
              d.persistent() ? want : null,
              running ? DeviceEffect.HOT_PLUG : DeviceEffect.CONFIG_ONLY,
              List.of(),
              EnumSet.noneOf(Mark.class),
              List.of()));
      return;
    }
    if (running && !d.persistent()) {
      List<Delta> ch = diff(l, want);
      if (ch.isEmpty()) {
        return;
      }
      List<Delta> boot = ch.stream().filter(x -> !x.live()).toList();
      if (!boot.isEmpty()) {
        refusals.add(
            new Refusal(
                want.id(vm),
                "domain '"
                    + d.name()
                    + "' is transient (no persistent definition),"
                    + " and "
                    + boot.stream().map(Delta::field).toList()
                    + " change only at the next boot",
                null));
        return;
      }
      updates.add(
          new Step.DeviceStep(
              Action.MODIFY,
              vm,
              d.name(),
              l,
              want,
              mergeLive(l, want),
              null,
              DeviceEffect.LIVE,
              labelled(ch),
              EnumSet.noneOf(Mark.class),
              List.of()));
      return;
    }
    if (!running) {
      List<Delta> ch = diff(c, want);
      if (!ch.isEmpty()) {
        updates.add(
            new Step.DeviceStep(
                Action.MODIFY,
                vm,
                d.name(),
                c,
                want,
                null,
                merge(c, want),
                DeviceEffect.CONFIG_ONLY,
                labelled(ch),
                EnumSet.noneOf(Mark.class),
                List.of()));
      }
      return;
    }
    if (l == null) {
      // In the persistent definition only (added for the next boot earlier): plug it into the
      // running guest.
      updates.add(
          new Step.DeviceStep(
              Action.CREATE,
              vm,
              d.name(),
              c,
              want,
              merge(c, want),
              diff(c, want).isEmpty() ? null : merge(c, want),
              DeviceEffect.HOT_PLUG,
              labelled(diff(c, want)),
              EnumSet.noneOf(Mark.class),
              List.of()));
      return;
    }
    if (c == null) {
      // Hot-plugged into the running guest only: the next boot would lose it.
      List<Delta> liveCh = diff(l, want).stream().filter(Delta::live).toList();
      updates.add(
          new Step.DeviceStep(
              Action.CREATE,
              vm,
              d.name(),
              l,
              want,
              liveCh.isEmpty() ? null : mergeLive(l, want),
              merge(l, want),
              DeviceEffect.NEXT_BOOT,
              labelled(diff(l, want)),
              EnumSet.noneOf(Mark.class),
              List.of("the running guest already has it; the persistent definition gains it")));
      return;
    }
    List<Delta> cfg = diff(c, want);
    List<Delta> liveCh = diff(l, want).stream().filter(Delta::live).toList();
    if (cfg.isEmpty() && liveCh.isEmpty()) {
      return;
    }
    boolean nextBoot = cfg.stream().anyMatch(x -> !x.live());
    List<Delta> all = new ArrayList<>(cfg);
    liveCh.stream()
        .filter(x -> all.stream().noneMatch(y -> y.field().equals(x.field())))
        .forEach(all::add);
    List<String> impact = new ArrayList<>();
    if (nextBoot) {
      impact.add(
          "the running guest keeps "
              + cfg.stream().filter(x -> !x.live()).map(x -> x.field() + " " + x.current()).toList()
              + " until its next boot");
    }
    updates.add(
        new Step.DeviceStep(
            Action.MODIFY,
            vm,
            d.name(),
            c,
            want,
            liveCh.isEmpty() ? null : mergeLive(l, want),
            cfg.isEmpty() ? null : merge(c, want),
            nextBoot ? DeviceEffect.NEXT_BOOT : DeviceEffect.LIVE,
            labelled(all),
            EnumSet.noneOf(Mark.class),
            impact));
  }

  private static List<FieldChange> labelled(List<Delta> ch) {
    return ch.stream()
        .map(
            x ->
                new FieldChange(
                    x.field(),
                    x.current(),
                    x.desired() + (x.live() ? " (live)" : " (next boot)"),
                    true))
        .toList();
  }

  private static Map<String, VmDevice> index(Vm vm) {
    Map<String, VmDevice> m = new LinkedHashMap<>();
    vm.devices().forEach(x -> m.putIfAbsent(x.key(), x));
    return m;
  }

  /** A live device as a short text for warnings: {@code vnic 52:54:00:..:01 (network default)}. */
  static String describe(VmDevice d) {
    if (d instanceof Vnic n) {
      return "vnic "
          + n.key()
          + " ("
          + n.attachment().kind().name().toLowerCase(java.util.Locale.ROOT)
          + " "
          + n.attachment().target()
          + ")";
    }
    Disk k = (Disk) d;
    return (k.device() == null ? "disk" : k.device()) + " " + k.target() + " (" + k.source() + ")";
  }

  /** Fields the file sets that differ from {@code cur}. */
  static List<Delta> diff(VmDevice cur, VmDevice want) {
    List<Delta> out = new ArrayList<>();
    if (cur instanceof Vnic c && want instanceof Vnic w) {
      if (!c.attachment().equals(w.attachment())) {
        boolean live = switchable(c.attachment().kind()) && switchable(w.attachment().kind());
        out.add(new Delta("source", source(c), source(w), live));
      }
      cmp(out, "portgroup", c.portGroup(), w.portGroup(), true);
      cmp(out, "link", c.link() == null ? "up" : c.link(), w.link(), true);
      cmp(out, "filterref", c.filterref(), w.filterref(), true);
      cmp(
          out,
          "bandwidth",
          bw(c.bandwidth()),
          w.bandwidth() == null ? null : bw(w.bandwidth()),
          true);
      cmp(out, "model", c.model(), w.model(), false);
      cmp(out, "vlan", c.vlan(), w.vlan(), false);
      cmp(out, "mtu", c.mtu(), w.mtu(), false);
      cmp(out, "mode", c.mode(), w.mode(), false);
    } else if (cur instanceof Disk c && want instanceof Disk w) {
      cmp(
          out,
          "source",
          c.source().toString(),
          w.source().toString(),
          w.removable() && c.removable());
      cmp(out, "device", c.device() == null ? "disk" : c.device(), w.device(), false);
      cmp(out, "bus", c.bus(), w.bus(), false);
      cmp(out, "format", c.format(), w.format(), false);
      cmp(
          out,
          "readonly",
          c.readonly() == null ? Boolean.FALSE : c.readonly(),
          w.readonly(),
          false);
      cmp(
          out,
          "shareable",
          c.shareable() == null ? Boolean.FALSE : c.shareable(),
          w.shareable(),
          false);
    } else {
      out.add(
          new Delta(
              "type", cur.getClass().getSimpleName(), want.getClass().getSimpleName(), false));
    }
    return out;
  }

  private static boolean switchable(AttachKind k) {
    return k == AttachKind.NETWORK || k == AttachKind.BRIDGE;
  }

  private static String source(Vnic n) {
    return n.attachment().kind().name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + n.attachment().target();
  }

  private static String bw(Vnic.Bandwidth b) {
    return b == null
        ? "(none)"
        : "in "
            + (b.inbound() == null ? "-" : b.inbound())
            + " out "
            + (b.outbound() == null ? "-" : b.outbound());
  }

  private static void cmp(List<Delta> out, String field, Object cur, Object want, boolean live) {
    if (want != null
        && !Objects.equals(String.valueOf(want), cur == null ? null : String.valueOf(cur))) {
      out.add(
          new Delta(
              field, cur == null ? "(none)" : String.valueOf(cur), String.valueOf(want), live));
    }
  }

  /**
   * {@code cur} with every field the file sets taken from {@code want} (the persistent definition's
   * target).
   */
  static VmDevice merge(VmDevice cur, VmDevice want) {
    if (cur instanceof Vnic c && want instanceof Vnic w) {
      return new Vnic(
          w.name(),
          w.attachment(),
          w.mac() != null ? w.mac() : c.mac(),
          w.ip(),
          or(w.vlan(), c.vlan()),
          w.attachment().kind() == AttachKind.NETWORK ? or(w.portGroup(), c.portGroup()) : null,
          or(w.model(), c.model()),
          or(w.link(), c.link()),
          or(w.mtu(), c.mtu()),
          or(w.filterref(), c.filterref()),
          or(w.bandwidth(), c.bandwidth()),
          or(w.mode(), c.mode()),
          c.dev());
    }
    if (cur instanceof Disk c && want instanceof Disk w) {
      return new Disk(
          w.target(),
          w.source(),
          or(w.bus(), c.bus()),
          or(w.device(), c.device()),
          or(w.format(), c.format()),
          or(w.readonly(), c.readonly()),
          or(w.shareable(), c.shareable()));
    }
    return want;
  }

  /**
   * {@code cur} with only the fields libvirt changes on a running guest taken from {@code want}.
   */
  static VmDevice mergeLive(VmDevice cur, VmDevice want) {
    if (cur instanceof Vnic c && want instanceof Vnic w) {
      boolean sw = switchable(c.attachment().kind()) && switchable(w.attachment().kind());
      Vnic.Attachment at = sw ? w.attachment() : c.attachment();
      return new Vnic(
          c.name(),
          at,
          c.mac(),
          c.ip(),
          c.vlan(),
          at.kind() == AttachKind.NETWORK
              ? (sw ? w.portGroup() : or(w.portGroup(), c.portGroup()))
              : null,
          c.model(),
          or(w.link(), c.link()),
          c.mtu(),
          or(w.filterref(), c.filterref()),
          or(w.bandwidth(), c.bandwidth()),
          c.mode(),
          c.dev());
    }
    if (cur instanceof Disk c && want instanceof Disk w && c.removable()) {
      return new Disk(
          c.target(), w.source(), c.bus(), c.device(), c.format(), c.readonly(), c.shareable());
    }
    return cur;
  }

  private static <T> T or(T a, T b) {
    return a != null ? a : b;
  }

  /**
   * The running guests whose TAPs a restart of {@code network} detaches, and which vtopo puts back.
   */
  static List<String> reconnects(HostState host, String network) {
    List<String> out = new ArrayList<>();
    for (LiveDomain d : host.domains()) {
      if (!d.running()) {
        continue;
      }
      for (Vnic n : d.live().nics()) {
        if (n.attachment().kind() == AttachKind.NETWORK
            && n.attachment().target().equals(network)) {
          out.add(
              "vm "
                  + d.name()
                  + " ("
                  + (n.dev() == null ? n.key() : n.dev())
                  + ") stays connected: its TAP is put"
                  + " back on the network's bridge right after the restart");
        }
      }
    }
    return out;
  }
}
