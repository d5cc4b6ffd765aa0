package io.vtopo.core.plan;

/** Properties of a step that the plan shows and the engine enforces. */
public enum Mark {
  /**
   * Traffic through the object stops for a moment (link replaced or deleted, network restarted).
   */
  DISRUPTIVE,
  /** Data is lost (volume deleted or shrunk, pool storage deleted, pool source changed). */
  DESTRUCTIVE,
  /** A libvirt network must be restarted; guests on it lose connectivity until they reconnect. */
  RESTART,
  /** libvirt applies the change to the running network (net-update). */
  LIVE_UPDATE
}
