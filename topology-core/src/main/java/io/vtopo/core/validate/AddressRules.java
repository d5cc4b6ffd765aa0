package io.vtopo.core.validate;

import io.vtopo.core.model.Bond;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.Route;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules on L3 addresses, subnets, routes and MAC addresses across links, libvirt networks and
 * vNICs.
 */
final class AddressRules {
  private final Report r;

  AddressRules(Report r) {
    this.r = r;
  }

  /** A subnet owned by one L3 interface (a link or a libvirt network's bridge). */
  private record Subnet(IpPrefix prefix, String owner, String path, String peer, boolean dormant) {}

  void run() {
    subnets();
    routes();
    macs();
  }

  private void subnets() {
    List<Subnet> all = new ArrayList<>();
    for (Link l : r.topo.links()) {
      List<IpPrefix> addrs = l.attrs().addresses();
      for (int i = 0; i < addrs.size(); i++) {
        IpPrefix a = addrs.get(i);
        String p = r.path(l) + ".addresses[" + i + "]";
        hostBits(a, p, "link '" + l.name() + "'");
        all.add(
            new Subnet(
                a, "link '" + l.name() + "'", p, l instanceof Veth v ? v.peer() : null, false));
      }
    }
    for (Network n : r.topo.networks()) {
      for (int i = 0; i < n.ips().size(); i++) {
        NetworkIp ip = n.ips().get(i);
        String p = r.path(n) + ".ips[" + i + "]";
        hostBits(ip.address(), p + ".address", "network '" + n.name() + "'");
        // A network with autostart: false need not run with the others (export writes inactive
        // networks so):
        // libvirt refuses to start one whose subnet is in use, so it only matters once both run.
        all.add(
            new Subnet(
                ip.address(),
                "libvirt network '" + n.name() + "'",
                p + ".address",
                null,
                Boolean.FALSE.equals(n.autostart())));
      }
    }
    Set<String> reported = new HashSet<>();
    for (int i = 0; i < all.size(); i++) {
      for (int j = 0; j < i; j++) {
        Subnet a = all.get(j);
        Subnet b = all.get(i);
        if (!a.prefix().overlaps(b.prefix())) {
          continue;
        }
        if (a.owner().equals(b.owner())) {
          if (a.prefix().address().equals(b.prefix().address())) {
            r.error(
                "address.duplicate",
                b.path(),
                b.owner() + " lists address " + b.prefix() + " twice",
                null);
          }
          continue;
        }
        // The two ends of a veth pair share their point-to-point subnet by design.
        if (a.peer() != null && b.owner().equals("link '" + a.peer() + "'")
            || b.peer() != null && a.owner().equals("link '" + b.peer() + "'")) {
          continue;
        }
        if (!reported.add(a.path() + "|" + b.owner())) {
          continue;
        }
        boolean same = a.prefix().address().equals(b.prefix().address());
        String overlap =
            b.owner()
                + " subnet "
                + b.prefix().network()
                + "/"
                + b.prefix().length()
                + " overlaps "
                + a.owner()
                + " subnet "
                + a.prefix().network()
                + "/"
                + a.prefix().length()
                + " ("
                + r.src.at(a.path())
                + ")";
        if (a.dormant() || b.dormant()) {
          r.warning(
              "subnet.overlap-inactive",
              b.path(),
              overlap + "; only one of them can run at a time",
              "libvirt refuses to start a network whose subnet is in use; keep autostart off on all but one");
          continue;
        }
        r.error(
            same ? "address.duplicate" : "subnet.overlap",
            b.path(),
            overlap,
            "two L3 segments with overlapping subnets make routing ambiguous; use disjoint subnets");
      }
    }
  }

  private void hostBits(IpPrefix a, String path, String owner) {
    if (a.address().isV6() || a.length() >= 31) {
      return;
    }
    if (a.address().equals(a.network())) {
      r.error(
          "address.network",
          path,
          owner + " address " + a + " is the network address of its subnet",
          "use a host address, e.g. " + next(a));
    } else if (a.address().equals(a.last())) {
      r.error(
          "address.broadcast",
          path,
          owner + " address " + a + " is the broadcast address of its subnet",
          "use a host address inside the subnet");
    }
  }

  private static String next(IpPrefix a) {
    byte[] b = a.network().bytes();
    b[3]++;
    return io.vtopo.core.model.IpAddress.of(b) + "/" + a.length();
  }

  private void routes() {
    for (Link l : r.topo.links()) {
      for (int i = 0; i < l.attrs().routes().size(); i++) {
        Route rt = l.attrs().routes().get(i);
        String p = r.path(l) + ".routes[" + i + "]";
        if (rt.to() != null && !rt.to().address().equals(rt.to().network())) {
          r.error(
              "route.host-bits",
              p + ".to",
              "route destination " + rt.to() + " has host bits set",
              "write " + rt.to().network() + "/" + rt.to().length());
        }
        if (rt.via() == null || rt.to() == null) {
          continue;
        }
        if (rt.via().isV6() != rt.to().address().isV6()) {
          r.error(
              "route.family-mismatch",
              p + ".via",
              "gateway " + rt.via() + " is not of the same family as " + rt.to(),
              null);
          continue;
        }
        boolean onLink = l.attrs().addresses().stream().anyMatch(a -> a.contains(rt.via()));
        if (!onLink && !rt.via().isV6()) {
          r.warning(
              "route.gateway-off-link",
              p + ".via",
              "gateway "
                  + rt.via()
                  + " is not inside any subnet of '"
                  + l.name()
                  + "' "
                  + l.attrs().addresses(),
              "the kernel refuses a gateway it cannot reach on-link");
        }
      }
    }
  }

  private void macs() {
    Map<MacAddress, String> seen = new HashMap<>();
    for (Link l : r.topo.links()) {
      mac(l.attrs().mac(), r.path(l) + ".mac", seen, l instanceof Bond);
    }
    for (Network n : r.topo.networks()) {
      mac(n.mac(), r.path(n) + ".mac", seen, false);
    }
    for (Vm vm : r.topo.vms()) {
      for (int i = 0; i < vm.nics().size(); i++) {
        Vnic nic = vm.nics().get(i);
        mac(nic.mac(), r.path(vm) + ".nics[" + i + "].mac", seen, false);
      }
    }
  }

  private void mac(MacAddress mac, String path, Map<MacAddress, String> seen, boolean shared) {
    if (mac == null) {
      return;
    }
    if (mac.isMulticast()) {
      r.error(
          "mac.multicast",
          path,
          "MAC " + mac + " has the multicast bit set and cannot be an interface address",
          "the first octet must be even; 52:54:00:xx:xx:xx is the usual KVM prefix");
      return;
    }
    if (mac.isZero()) {
      r.error("mac.zero", path, "MAC 00:00:00:00:00:00 is not a usable address", null);
      return;
    }
    String first = seen.putIfAbsent(mac, path);
    if (first != null && !shared) {
      r.error(
          "mac.duplicate",
          path,
          "MAC " + mac + " is also used by " + first + " (" + r.src.at(first) + ")",
          "MACs must be unique on a segment");
    }
  }
}
