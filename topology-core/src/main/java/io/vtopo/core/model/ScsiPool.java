package io.vtopo.core.model;

/**
 * LUNs seen by a SCSI or Fibre Channel host adapter ({@code pool-define-as NAME scsi --adapter-name
 * host0}); volumes are the LUNs.
 *
 * @param attrs shared pool attributes; {@code target} defaults to {@code /dev/disk/by-path}
 * @param adapter the host adapter
 */
public record ScsiPool(PoolAttrs attrs, ScsiAdapter adapter) implements Pool {
  @Override
  public String type() {
    return "scsi";
  }
}
