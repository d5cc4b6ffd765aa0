package io.vtopo.core.model;

/**
 * A macvlan link on a parent ({@code ip link add link PARENT name NAME type macvlan mode MODE}).
 *
 * @param attrs shared link attributes
 * @param parent the lower link
 * @param mode macvlan mode, or null for the kernel default (vepa)
 */
public record Macvlan(LinkAttrs attrs, String parent, MacvlanMode mode) implements Link {
  @Override
  public String kind() {
    return "macvlan";
  }
}
