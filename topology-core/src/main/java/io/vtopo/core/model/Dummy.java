package io.vtopo.core.model;

/**
 * A dummy link ({@code ip link add NAME type dummy}): a device that drops what it sends, used to
 * hold addresses and routes (a lab host's loopback-like service address, a stand-in uplink).
 *
 * @param attrs shared link attributes
 */
public record Dummy(LinkAttrs attrs) implements Link {
  @Override
  public String kind() {
    return "dummy";
  }
}
