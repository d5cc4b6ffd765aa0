package io.vtopo.core.plan;

/**
 * What a device step does to the guest, as the plan promises it and the apply carries it out
 * (libvirt's {@code VIR_DOMAIN_AFFECT_LIVE} and {@code _CONFIG} flags follow from it).
 */
public enum DeviceEffect {
  /**
   * The running guest gets the change now, and the persistent definition too (link state,
   * bandwidth, source...).
   */
  LIVE("live"),
  /**
   * Only the persistent definition changes: the running guest keeps the old value until its next
   * boot.
   */
  NEXT_BOOT("next boot"),
  /** The device is added to the running guest and to the persistent definition. */
  HOT_PLUG("hot-plug"),
  /**
   * The device is removed from the running guest (the guest must release it) and from the
   * persistent definition.
   */
  HOT_UNPLUG("hot-unplug"),
  /** The domain is shut off: only its persistent definition changes. */
  CONFIG_ONLY("config only");

  private final String label;

  DeviceEffect(String label) {
    this.label = label;
  }

  /** The label in plans ({@code next boot}). */
  public String label() {
    return label;
  }
}
