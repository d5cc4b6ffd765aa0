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
  private VmReader() {}

  static Vm read(Obj o, String path) {
    String name = o.reqStr("name");
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
    String name = o.str("name");
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
