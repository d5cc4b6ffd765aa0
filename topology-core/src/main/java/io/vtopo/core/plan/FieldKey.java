package io.vtopo.core.plan;

/**
 * Which field a {@link FieldChange} is about: a typed key ({@link LinkField} for links) or, for
 * families whose fields are not typed yet (networks, pools, volumes), a {@link Named} key. Backends
 * dispatch on the typed keys.
 */
public interface FieldKey {
  /**
   * The field as the file spells it ({@code mtu}, {@code bridge-vlan}, {@code permissions.mode}).
   */
  String key();

  /**
   * A field known by name only.
   *
   * @param key the file's spelling
   */
  record Named(String key) implements FieldKey {
    @Override
    public String toString() {
      return key;
    }
  }
}
