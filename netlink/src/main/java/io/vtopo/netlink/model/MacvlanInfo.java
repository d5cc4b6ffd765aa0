package io.vtopo.netlink.model;

/**
 * A macvlan on a parent link ({@code ip link add link PARENT name NAME type macvlan mode MODE}).
 *
 * @param mode the mode, or null for the kernel default (vepa)
 */
public record MacvlanInfo(MacvlanMode mode) implements LinkInfo {
  @Override
  public String kind() {
    return "macvlan";
  }
}
