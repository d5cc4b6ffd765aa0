package io.vtopo.core.model;

import java.util.List;

/**
 * A bonding device ({@code ip link add NAME type bond mode MODE}).
 *
 * @param attrs shared link attributes
 * @param mode bonding mode, or null for the kernel default (balance-rr)
 * @param ports names of the links enslaved to the bond
 * @param miimon MII link monitoring interval in ms, or null
 * @param lacpRate {@code slow} or {@code fast} (802.3ad only), or null
 * @param xmitHashPolicy {@code layer2}, {@code layer2+3}, {@code layer3+4}, {@code encap2+3},
 *     {@code encap3+4}, or null
 */
public record Bond(
    LinkAttrs attrs,
    BondMode mode,
    List<String> ports,
    Integer miimon,
    String lacpRate,
    String xmitHashPolicy)
    implements Link {
  /** Copies the list. */
  public Bond {
    ports = List.copyOf(ports);
  }

  @Override
  public String kind() {
    return "bond";
  }
}
