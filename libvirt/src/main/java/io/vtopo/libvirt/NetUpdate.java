package io.vtopo.libvirt;

/**
 * One {@code virNetworkUpdate} call: a command on one section of a network's XML, as {@code virsh
 * net-update} does.
 *
 * @param command what to do
 * @param section which part of the network XML
 * @param parentIndex index of the {@code <ip>} element for DHCP sections, -1 otherwise
 * @param xml the element, e.g. {@code <host mac='52:54:00:00:00:01' ip='192.0.2.10'/>}
 */
public record NetUpdate(Command command, Section section, int parentIndex, String xml) {
  /** {@code virNetworkUpdateCommand}; the numbers are libvirt's ABI. */
  public enum Command {
    /** Replace the element matching the given one (by MAC or name for hosts). */
    MODIFY(1),
    /** Remove the element matching all given attributes. */
    DELETE(2),
    /** Append the element. */
    ADD_LAST(3);

    private final int value;

    Command(int value) {
      this.value = value;
    }

    /** The C enum value. */
    public int value() {
      return value;
    }
  }

  /** {@code virNetworkUpdateSection}: the parts of a network libvirt can change while it runs. */
  public enum Section {
    /** {@code <ip><dhcp><host>}. */
    IP_DHCP_HOST(4, "ip-dhcp-host"),
    /** {@code <ip><dhcp><range>}. */
    IP_DHCP_RANGE(5, "ip-dhcp-range"),
    /** {@code <forward><interface>}. */
    FORWARD_INTERFACE(7, "forward-interface"),
    /** {@code <portgroup>}. */
    PORTGROUP(9, "portgroup"),
    /** {@code <dns><host>}. */
    DNS_HOST(10, "dns-host"),
    /** {@code <dns><txt>}. */
    DNS_TXT(11, "dns-txt"),
    /** {@code <dns><srv>}. */
    DNS_SRV(12, "dns-srv");

    private final int value;
    private final String keyword;

    Section(int value, String keyword) {
      this.value = value;
      this.keyword = keyword;
    }

    /** The C enum value. */
    public int value() {
      return value;
    }

    /** The {@code virsh net-update} section name. */
    public String keyword() {
      return keyword;
    }
  }

  /** The equivalent {@code virsh net-update} command line, for plans and error messages. */
  public String describe(String network) {
    String verb =
        switch (command) {
          case MODIFY -> "modify";
          case DELETE -> "delete";
          case ADD_LAST -> "add-last";
        };
    return "net-update "
        + network
        + " "
        + verb
        + " "
        + section.keyword()
        + " \""
        + xml
        + "\""
        + (parentIndex >= 0 ? " --parent-index " + parentIndex : "");
  }
}
