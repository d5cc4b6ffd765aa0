package io.vtopo.core.io;

import io.vtopo.core.io.YNode.YMap;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.model.Vnic.AttachKind;
import io.vtopo.core.model.Vnic.Attachment;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code vms:} and {@code expect:} sections. */
final class VmReader {
  /** The documented rule for vm names (docs/format.md#vms). */
  static final java.util.regex.Pattern VM_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private VmReader() {}

  static Vm read(Obj o, String path) {
    String name = o.name("vm", true);
    if (name != null && !VM_NAME.matcher(name).matches()) {
      o.ctx().diags.error("name.vm", o.pos("name"), o.fieldPath("name"), "vm name '" + name + "' must be 1-64"
          + " characters of letters, digits, '.', '_' and '-', starting with a letter or digit", "a vm name is the"
          + " libvirt domain name that expect: entries refer to; see docs/format.md#vms");
      o.fail();
      name = null;
    }
    List<Vnic> nics = o.list("nics", (n, p) -> {
      if (!(n instanceof YMap m)) {
        o.ctx().typeError(n, p, "a mapping with tap, bridge or network");
        return null;
      }
      return vnic(new Obj(o.ctx(), m, p));
    });
    o.finish("a vm");
    return o.failed() || name == null ? null : new Vm(name, nics);
  }

  private static Vnic vnic(Obj o) {
    String name = o.has("name") ? o.name("vNIC", false) : o.str("name");
    List<Attachment> found = new ArrayList<>();
    for (AttachKind k : AttachKind.values()) {
      String key = k.name().toLowerCase(java.util.Locale.ROOT);
      String target = o.str(key);
      if (target != null) {
        found.add(new Attachment(k, target));
      }
    }
    if (found.size() != 1 && !o.failed()) {
      o.ctx().diags.error("schema.vnic-attachment", o.objPos(), o.path(),
          found.isEmpty() ? "a vNIC needs exactly one of tap, bridge or network; found none"
              : "a vNIC needs exactly one of tap, bridge or network; found " + found.size(),
          null);
      o.fail();
    }
    var mac = o.mac("mac");
    var ip = o.cidr("ip");
    Integer vlan = o.integer("vlan", 0, 4095);
    String pg = o.str("portgroup");
    o.finish("a vNIC");
    return o.failed() ? null : new Vnic(name, found.get(0), mac, ip, vlan, pg);
  }

  static Expectation expectation(Obj o, String path) {
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
