package io.vtopo.core.io;

import io.vtopo.core.model.Disk;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.model.Vnic.AttachKind;
import io.vtopo.core.model.Vnic.Attachment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code vms:} and {@code expect:} sections of a file; the expectation reader is shared with
 * fleets.
 */
public final class VmReader {
  /** The documented rule for vm names (docs/format.md#vms). */
  static final java.util.regex.Pattern VM_NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private VmReader() {}

  private static final Map<String, String> LINK = ordered("up", "down");
  private static final Map<String, String> MODES =
      ordered("bridge", "vepa", "private", "passthrough");
  private static final Map<String, String> BUSES =
      ordered("virtio", "sata", "scsi", "ide", "usb", "fdc", "xen");
  private static final Map<String, String> DEVICES = ordered("disk", "cdrom", "floppy", "lun");
  private static final Map<String, String> FORMATS =
      ordered("raw", "qcow2", "qed", "vmdk", "vdi", "vpc", "iso");
  private static final Pattern TARGET = Pattern.compile("(vd|sd|hd|xvd|fd)[a-z]{1,3}");
  private static final Pattern NET_SOURCE = Pattern.compile("([a-z][a-z0-9+.-]*)://([^/]*)/(.+)");

  private static Map<String, String> ordered(String... keys) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : keys) {
      m.put(k, k);
    }
    return m;
  }

  static Vm read(Obj o, String path) {
    String name = o.name("vm", true);
    if (name != null && !VM_NAME.matcher(name).matches()) {
      o.ctx()
          .diags
          .error(
              "name.vm",
              o.pos("name"),
              o.fieldPath("name"),
              "vm name '"
                  + name
                  + "' must be 1-64"
                  + " characters of letters, digits, '.', '_' and '-', starting with a letter or digit",
              "a vm name is the"
                  + " libvirt domain name that expect: entries refer to; see docs/format.md#vms");
      o.fail();
      name = null;
    }
    String domain = o.str("domain");
    List<Vnic> nics =
        o.objects("nics", "a mapping with tap, bridge, network or direct", VmReader::vnic);
    List<Disk> disks =
        o.objects(
            "disks",
            "a mapping with target and one of volume, file, block, network",
            VmReader::disk);
    if (!disks.isEmpty() && domain == null && !o.failed()) {
      o.ctx()
          .diags
          .error(
              "vm.disks-need-domain",
              o.pos("disks"),
              o.fieldPath("disks"),
              "disks are declared on a" + " libvirt domain; this vm names none",
              "add 'domain: NAME' (the existing domain this vm is)");
      o.fail();
    }
    o.finish("a vm");
    return o.failed() || name == null ? null : new Vm(name, nics, domain, disks);
  }

  private static Disk disk(Obj o) {
    String target = o.reqStr("target");
    if (target != null && !TARGET.matcher(target).matches()) {
      o.invalid(
          "target", "'" + target + "' is not a guest disk name", "expected vda, sdb, hdc, ...");
    }
    List<Disk.Source> found = new ArrayList<>();
    String vol = o.str("volume");
    if (vol != null) {
      int slash = vol.indexOf('/');
      if (slash <= 0 || slash == vol.length() - 1) {
        o.invalid(
            "volume",
            "'" + vol + "' is not POOL/VOLUME",
            "name the pool and the volume, e.g. images/data.qcow2");
      } else {
        found.add(Disk.Source.volume(vol.substring(0, slash), vol.substring(slash + 1)));
      }
    }
    String file = o.str("file");
    if (file != null) {
      found.add(Disk.Source.file(file));
    }
    String block = o.str("block");
    if (block != null) {
      found.add(new Disk.Source(Disk.SourceKind.BLOCK, null, block, null, null));
    }
    String net = o.str("network");
    if (net != null) {
      Matcher m = NET_SOURCE.matcher(net);
      if (!m.matches()) {
        o.invalid(
            "network",
            "'" + net + "' is not PROTOCOL://HOST/NAME",
            "e.g. gluster://198.51.100.5/vol/disk.img");
      } else {
        found.add(
            new Disk.Source(
                Disk.SourceKind.NETWORK,
                null,
                m.group(3),
                m.group(1),
                m.group(2).isEmpty() ? null : m.group(2)));
      }
    }
    String bus = o.keyword("bus", BUSES);
    String device = o.keyword("device", DEVICES);
    String format = o.keyword("format", FORMATS);
    Boolean ro = o.bool("readonly");
    Boolean sh = o.bool("shareable");
    if (found.isEmpty() && "cdrom".equals(device) && !o.failed()) {
      found.add(new Disk.Source(Disk.SourceKind.NONE, null, null, null, null));
    }
    if (found.size() != 1 && !o.failed()) {
      o.ctx()
          .diags
          .error(
              "schema.disk-source",
              o.objPos(),
              o.path(),
              "a disk needs exactly one of volume, file,"
                  + " block or network; found "
                  + (found.isEmpty() ? "none" : String.valueOf(found.size())),
              null);
      o.fail();
    }
    o.finish("a disk");
    return o.failed() ? null : new Disk(target, found.get(0), bus, device, format, ro, sh);
  }

  private static Vnic vnic(Obj o) {
    String name = o.has("name") ? o.name("vNIC", false) : o.str("name");
    List<Attachment> found = new ArrayList<>();
    for (AttachKind k : AttachKind.values()) {
      if (k == AttachKind.OTHER) {
        continue;
      }
      String key = k.name().toLowerCase(java.util.Locale.ROOT);
      String target = o.str(key);
      if (target != null) {
        found.add(new Attachment(k, target));
      }
    }
    if (found.size() != 1 && !o.failed()) {
      o.ctx()
          .diags
          .error(
              "schema.vnic-attachment",
              o.objPos(),
              o.path(),
              found.isEmpty()
                  ? "a vNIC needs exactly one of tap, bridge, network or direct; found none"
                  : "a vNIC needs exactly one of tap, bridge, network or direct; found "
                      + found.size(),
              null);
      o.fail();
    }
    var mac = o.mac("mac");
    var ip = o.cidr("ip");
    Integer vlan = o.integer("vlan", 0, 4095);
    String pg = o.str("portgroup");
    String model = o.str("model");
    String link = o.keyword("link", LINK);
    Integer mtu = o.integer("mtu", 68, 65535);
    String filter = o.str("filterref");
    Vnic.Bandwidth bw = null;
    Obj b = o.obj("bandwidth");
    if (b != null) {
      Integer in = b.integer("inbound", 1, Integer.MAX_VALUE);
      Integer out = b.integer("outbound", 1, Integer.MAX_VALUE);
      b.finish("a bandwidth (KiB/s averages)");
      if (b.failed()) {
        o.fail();
      } else {
        bw =
            new Vnic.Bandwidth(
                in == null ? null : in.longValue(), out == null ? null : out.longValue());
      }
    }
    String mode = o.keyword("mode", MODES);
    o.finish("a vNIC");
    if (o.failed()) {
      return null;
    }
    if (mode != null && found.get(0).kind() != AttachKind.DIRECT) {
      o.ctx()
          .diags
          .error(
              "vnic.mode",
              o.pos("mode"),
              o.fieldPath("mode"),
              "mode (macvtap) applies to direct" + " attachments only",
              null);
      return null;
    }
    return new Vnic(
        name, found.get(0), mac, ip, vlan, pg, model, link, mtu, filter, bw, mode, null);
  }

  /**
   * One {@code expect:} entry ({@code from}, {@code to}, {@code reachable}), as a host file and a
   * fleet file both write it; null when it has errors (reported).
   */
  public static Expectation expectation(Obj o, String path) {
    String from = o.reqStr("from");
    String to = o.reqStr("to");
    Boolean reachable = o.bool("reachable");
    if (!o.has("reachable")) {
      o.missing("reachable", "true or false");
    }
    o.finish("an expectation");
    return o.failed() ? null : new Expectation(from, to, reachable);
  }
}
