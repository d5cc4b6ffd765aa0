package io.vtopo.core.plan;

/**
 * What changing one field of a live object takes, as the backend that owns the object declares it.
 */
public enum Effect {
  /** Changed on the live object; traffic keeps flowing. */
  IN_PLACE,
  /**
   * Changed on the live object, but only around a moment without traffic (e.g. a bond taken down
   * and up again).
   */
  DISRUPTIVE,
  /** The object is deleted and created again (the plan marks the step disruptive). */
  REPLACE,
  /** No backend can make this change: the plan refuses it, naming the field. */
  UNSUPPORTED
}
