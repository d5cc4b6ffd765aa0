package io.vtopo.core.model;

/**
 * A macvtap link on a parent ({@code ip link add link PARENT name NAME type macvtap mode MODE}), a
 * VM's direct attachment to a NIC.
 *
 * @param attrs shared link attributes
 * @param parent the lower link
 * @param mode macvlan mode, or null for the kernel default (vepa)
 */
public record Macvtap(LinkAttrs attrs, String parent, MacvlanMode mode) implements Link {
  @Override
  public String kind() {
    return "macvtap";
  }
}
