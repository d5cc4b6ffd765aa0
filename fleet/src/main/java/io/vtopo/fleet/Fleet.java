package io.vtopo.fleet;

import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Topology;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fleet: many KVM hosts in one {@code vtopo-fleet/v1} file. Each host is rendered into a plain
 * {@code vtopo/v1} topology ({@link FleetRender}); segments that span hosts become one VXLAN per
 * host bridged into a local bridge.
 *
 * @param name fleet name; also the topology name of every rendered host file (what vtopo marks its
 *     objects with)
 * @param underlay the network the hosts' tunnels run over
 * @param hosts the hosts, in file order
 * @param segments L2 segments across hosts, in file order
 * @param vms VMs placed on hosts, in file order (VMs of the hosts' own files are in {@link
 *     Host#own})
 * @param expectations fleet-wide connectivity intents between VMs
 * @param probes user-defined connectivity probes the rollout runs on a host before it keeps a
 *     change
 */
public record Fleet(
    String name,
    Underlay underlay,
    List<Host> hosts,
    List<Segment> segments,
    List<FleetVm> vms,
    List<Expectation> expectations,
    List<Probe> probes) {
  /** The only fleet format version this build reads. */
  public static final String API_VERSION = "vtopo-fleet/v1";

  /** Copies the lists. */
  public Fleet {
    hosts = List.copyOf(hosts);
    segments = List.copyOf(segments);
    vms = List.copyOf(vms);
    expectations = List.copyOf(expectations);
    probes = List.copyOf(probes);
  }

  /** The host with this name. */
  public Optional<Host> host(String hostName) {
    return hosts.stream().filter(h -> h.name().equals(hostName)).findFirst();
  }

  /** The segment with this name. */
  public Optional<Segment> segment(String segmentName) {
    return segments.stream().filter(s -> s.name().equals(segmentName)).findFirst();
  }

  /**
   * The names of the hosts a segment spans: its {@code hosts:} list when given, else every host
   * with a VM on it, in the order of {@link #hosts}.
   */
  public List<String> span(Segment s) {
    if (!s.hosts().isEmpty()) {
      return s.hosts();
    }
    java.util.Set<String> on = new java.util.HashSet<>();
    for (FleetVm vm : vms) {
      for (FleetNic n : vm.nics()) {
        if (s.name().equals(n.segment())) {
          on.add(vm.host());
        }
      }
    }
    return hosts.stream().map(Host::name).filter(on::contains).toList();
  }

  /**
   * The network the hosts' underlay addresses are on.
   *
   * @param mtu the underlay links' MTU (default 1500): the overlay MTU must leave room for the
   *     VXLAN headers
   * @param dstPort UDP port of every VXLAN (default 4789, IANA's)
   * @param gateway the default gateway every host routes through, or null (then the hosts are only
   *     on one subnet)
   */
  public record Underlay(int mtu, int dstPort, IpAddress gateway) {}

  /**
   * One KVM host.
   *
   * @param name host name; also its inventory name in Ansible
   * @param dev underlay link name on the host (a NIC, bond or VLAN the host already has)
   * @param address underlay address with prefix length
   * @param gateway this host's underlay gateway, or null for the fleet's
   * @param file the host's own {@code vtopo/v1} file as written (relative to the fleet file), or
   *     null
   * @param own the host's own objects: its file's and the inline ones, merged (empty topology when
   *     none)
   */
  public record Host(
      String name, String dev, IpPrefix address, IpAddress gateway, String file, Topology own) {}

  /** How a segment's VXLANs reach every other host of the segment. */
  public enum Replication {
    /**
     * One unicast copy per remote host (the kernel's default remote; vtopo/v1 carries one remote
     * per VXLAN).
     */
    HEAD_END,
    /** One copy to a multicast group the underlay delivers to every host of the segment. */
    MULTICAST
  }

  /**
   * An L2 segment across hosts: a VXLAN on each host it spans, bridged into a local bridge.
   *
   * @param name segment name
   * @param vni VXLAN network identifier
   * @param replication how broadcast and unknown unicast reach the other hosts
   * @param group the multicast group (multicast replication), or null
   * @param mtu the overlay MTU (bridge, VXLAN and TAPs), or null for the underlay MTU minus the
   *     VXLAN overhead
   * @param bridge the local bridge's name on every host
   * @param vxlan the VXLAN link's name on every host
   * @param subnet the segment's subnet, or null (then only the VMs' addresses say what it is)
   * @param hosts the hosts it spans when given explicitly, else empty (then: the hosts of its VMs)
   * @param addresses host name to the host's own address on the segment (makes that host a
   *     gateway), in file order
   */
  public record Segment(
      String name,
      int vni,
      Replication replication,
      IpAddress group,
      Integer mtu,
      String bridge,
      String vxlan,
      IpPrefix subnet,
      List<String> hosts,
      Map<String, IpPrefix> addresses) {
    /** Copies the collections (keeps the address map's order). */
    public Segment {
      hosts = List.copyOf(hosts);
      addresses = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(addresses));
    }
  }

  /**
   * A VM placed on a host.
   *
   * @param name VM name, unique in the fleet
   * @param host the host it runs on
   * @param nics its vNICs
   */
  public record FleetVm(String name, String host, List<FleetNic> nics) {
    /** Copies the list. */
    public FleetVm {
      nics = List.copyOf(nics);
    }
  }

  /**
   * A fleet VM's vNIC: on a fleet segment (through a TAP vtopo creates) or on a bridge or libvirt
   * network of the host's own objects.
   *
   * @param name the vNIC's name inside the VM, or null
   * @param segment the fleet segment, or null
   * @param bridge a host bridge (host's own objects), or null
   * @param network a libvirt network (host's own objects), or null
   * @param tap the TAP's name for a segment vNIC (default {@code tap-VM}, {@code tap-VM-N} after
   *     the first)
   * @param mac guest MAC, or null
   * @param ip guest address, or null
   */
  public record FleetNic(
      String name,
      String segment,
      String bridge,
      String network,
      String tap,
      MacAddress mac,
      IpPrefix ip) {}

  /**
   * A user-defined connectivity probe: before a host keeps a change, {@code target} must answer a
   * ping from it.
   *
   * @param name a label for reports
   * @param hosts the hosts that run it (empty: every host)
   * @param target the address to ping
   */
  public record Probe(String name, List<String> hosts, IpAddress target) {
    /** Copies the list. */
    public Probe {
      hosts = List.copyOf(hosts);
    }
  }
}
