package io.vtopo.core.backend;

import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.PlanOptions;

/**
 * Where {@code vtopo serve} gets the live host from. The web module knows no netlink or libvirt:
 * {@code host} implements this with its host session (one dump per object class), netlink events
 * and libvirt lifecycle events.
 */
public interface LiveSource extends AutoCloseable {
  /** Reads the whole host; called from one refresh thread at a time. */
  HostState read();

  /** How to compare the file with this host (libvirt's live-update rules for networks). */
  default PlanOptions planOptions() {
    return PlanOptions.defaults();
  }

  /**
   * Starts watching the host: {@code changed} is called (from any thread, possibly in bursts)
   * whenever something may have changed. The model debounces and re-reads.
   *
   * @param changed the callback
   * @param failed called once with a message when the event source stops working (the periodic
   *     resync then carries on)
   * @return closing it stops watching
   */
  AutoCloseable watch(Runnable changed, java.util.function.Consumer<String> failed);

  /** What is watched, for the page header: {@code netns vtt-1a2b, libvirt qemu:///system}. */
  String describe();

  /** Releases the host session; called after the watch was closed. */
  @Override
  void close();
}
