package io.vtopo.netlink.model;

/**
 * A macvtap on a parent link ({@code ip link add link PARENT name NAME type macvtap mode MODE}).
 *
 * @param mode the mode, or null for the kernel default (vepa)
 */
public record MacvtapInfo(MacvlanMode mode) implements LinkInfo {
  @Override
  public String kind() {
    return "macvtap";
  }
}
