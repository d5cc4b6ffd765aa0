package io.vtopo.netlink;

import java.util.List;

/**
 * A batch in which some requests failed; the others were carried out (a netlink batch is not
 * atomic).
 */
public final class BatchException extends NetlinkException {
  private static final long serialVersionUID = 1L;
  private final transient List<NetlinkException> failures;
  private final int total;

  /** Creates the exception from the individual failures, each with its request index. */
  public BatchException(int total, List<NetlinkException> failures) {
    super(
        failures.get(0).errno(),
        failures.get(0).extAck(),
        failures.size() + " of " + total + " requests failed, first: " + failures.get(0).request(),
        failures.get(0).requestIndex());
    this.failures = List.copyOf(failures);
    this.total = total;
  }

  /** Every failed request, in batch order. */
  public List<NetlinkException> failures() {
    return failures;
  }

  /** Number of requests in the batch. */
  public int total() {
    return total;
  }
}
