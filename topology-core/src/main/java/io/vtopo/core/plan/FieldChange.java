package io.vtopo.core.plan;

/**
 * One field that differs between the live object and the file, with both values as model values (an
 * {@link io.vtopo.core.model.IpPrefix} list, a {@link io.vtopo.core.model.PortVlan}, an {@link
 * io.vtopo.core.model.AdminState}...), never as text: renderers print them with {@link #liveText()}
 * and {@link #desiredText()}, backends apply exactly these fields.
 *
 * @param key the field ({@link LinkField} for links)
 * @param live live value, or null when the live object does not have it
 * @param desired desired value
 * @param effect what the change takes, as the backend declared it
 */
public record FieldChange(FieldKey key, Object live, Object desired, Effect effect) {
  /** A change of a field known by name, in place or forcing a replacement. */
  public FieldChange(String field, Object live, Object desired, boolean inPlace) {
    this(new FieldKey.Named(field), live, desired, inPlace ? Effect.IN_PLACE : Effect.REPLACE);
  }

  /** The field as the file spells it. */
  public String field() {
    return key.key();
  }

  /** False when this field forces a replacement (or cannot be changed at all). */
  public boolean inPlace() {
    return effect == Effect.IN_PLACE || effect == Effect.DISRUPTIVE;
  }

  /** The live value for people. */
  public String liveText() {
    return Diff.show(live);
  }

  /** The desired value for people. */
  public String desiredText() {
    return Diff.show(desired);
  }

  @Override
  public String toString() {
    String why =
        switch (effect) {
          case IN_PLACE -> "";
          case DISRUPTIVE -> " (in place, interrupts traffic)";
          case REPLACE -> " (forces replacement)";
          case UNSUPPORTED -> " (cannot be changed)";
        };
    return field() + ": " + liveText() + " -> " + desiredText() + why;
  }
}
