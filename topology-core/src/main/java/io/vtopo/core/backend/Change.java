package io.vtopo.core.backend;

import io.vtopo.core.plan.FieldChange;
import java.util.List;

/**
 * One change a backend carries out. Backends receive ordered lists of changes so that they can
 * batch them (one netlink sendmsg, one libvirt call per pool).
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
   * Change an existing object in place: exactly the fields in {@code changes}, each with the live
   * and desired model values the plan computed (the backend does not diff again).
   *
   * @param current the live object
   * @param desired what it must become
   * @param changes the fields to change, as the plan lists them
   * @param <T> object type
   */
  record Modify<T>(T current, T desired, List<FieldChange> changes) implements Change<T> {
    /** Copies the list. */
    public Modify {
      changes = List.copyOf(changes);
    }
  }

  /**
   * Delete an existing, owned object.
   *
   * @param current the live object
   * @param <T> object type
   */
  record Delete<T>(T current) implements Change<T> {}
}
