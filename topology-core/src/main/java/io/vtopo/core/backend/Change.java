package io.vtopo.core.backend;

/**
 * One change a backend carries out. Backends receive ordered lists of changes so that they can batch them (one
 * netlink sendmsg, one libvirt call per pool).
 *
 * @param <T> object type
 */
public sealed interface Change<T> permits Change.Create, Change.Modify, Change.Delete {
  /**
   * Create an object that does not exist.
   *
   * @param desired the object to create
   * @param <T> object type
   */
  record Create<T>(T desired) implements Change<T> {}

  /**
   * Change an existing object in place.
   *
   * @param current the live object
   * @param desired what it must become
   * @param <T> object type
   */
  record Modify<T>(T current, T desired) implements Change<T> {}

  /**
   * Delete an existing, owned object.
   *
   * @param current the live object
   * @param <T> object type
   */
  record Delete<T>(T current) implements Change<T> {}
}
