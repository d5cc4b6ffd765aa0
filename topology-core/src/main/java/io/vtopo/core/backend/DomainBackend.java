package io.vtopo.core.backend;

import io.vtopo.core.model.VmDevice;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * libvirt domains' devices (implemented by the domain module over the shared libvirt connection).
 * vtopo never defines, starts, stops or deletes domains: it attaches, detaches and updates the
 * devices a topology declares on domains it owns, and records which devices those are in the
 * domain's {@code <metadata>}.
 *
 * <p>{@code live} and {@code config} are libvirt's {@code VIR_DOMAIN_AFFECT_LIVE} and {@code
 * _CONFIG}.
 */
public interface DomainBackend {
  /**
   * Every domain (persistent and transient, running and shut off) with its live and persistent
   * devices.
   */
  List<LiveDomain> list();

  /** Attaches a device and records it as managed by {@code owner}. */
  void attach(String domain, VmDevice device, boolean live, boolean config, String owner);

  /**
   * Detaches a device and forgets it. A live detach needs the guest's cooperation: this waits until
   * the device has left the live XML.
   *
   * @throws io.vtopo.core.VtopoException {@code TIMEOUT}-like {@code FAILED} when the guest has not
   *     released the device within {@code timeout}
   */
  void detach(
      String domain, VmDevice device, boolean live, boolean config, String owner, Duration timeout);

  /**
   * Changes a device in place: {@code liveDevice} goes to the running guest (when {@code
   * liveDevice} is not null), {@code configDevice} to the persistent definition (when not null).
   */
  void update(String domain, VmDevice liveDevice, VmDevice configDevice, String owner);

  /** Records an existing domain as owned by {@code owner} ({@code vtopo adopt vm NAME}). */
  void adopt(String domain, String owner);

  /**
   * Saves the live and persistent XML of each domain before an apply touches them (the device
   * journal).
   */
  void checkpoint(Collection<String> domains);

  /**
   * Brings every checkpointed domain back to its saved live and persistent XML (rollback, recover).
   *
   * @return what could not be restored, empty when all is back
   */
  List<String> restore();

  /** Drops the checkpoint (the apply committed or was rolled back). */
  void discard();

  /**
   * After a libvirt network restart: puts every running domain's TAP on that network back on its
   * (new) bridge, since libvirt itself re-attaches them only when libvirtd restarts.
   *
   * @return the vNICs reattached ({@code vm web1 (vnet3)})
   */
  List<String> reconnect(String network);
}
