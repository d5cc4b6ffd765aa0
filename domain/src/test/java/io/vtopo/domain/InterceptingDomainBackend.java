package io.vtopo.domain;

import io.vtopo.core.VtopoException;
import io.vtopo.core.backend.DomainBackend;
import io.vtopo.core.backend.LiveDomain;
import io.vtopo.core.model.VmDevice;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * A {@link DomainBackend} that delegates everything and runs a test's action right before each
 * device call (attach, detach, update) reaches the real backend: fail the k-th call, delete the
 * domain behind vtopo's back, and so on. Shared by the domain module's tests and the CLI's live
 * tests (through this module's test jar) so that each fault-injection test does not write its own
 * delegating backend.
 */
public class InterceptingDomainBackend implements DomainBackend {
  /** What a test does before a device call. */
  @FunctionalInterface
  public interface Before {
    /**
     * Runs before the {@code n}-th device call (from 1).
     *
     * @param n the call's number
     * @param op {@code attach}, {@code detach} or {@code update}
     * @param domain the domain the call is about
     */
    void before(int n, String op, String domain);
  }

  private final DomainBackend d;
  private final Before action;
  private int calls;

  /** Wraps {@code d}, running {@code action} before each device call. */
  public InterceptingDomainBackend(DomainBackend d, Before action) {
    this.d = d;
    this.action = action;
  }

  /** Fails (an injected {@code FAILED} error) the {@code n}-th device call, before it runs. */
  public static InterceptingDomainBackend failingAt(DomainBackend d, int n) {
    return new InterceptingDomainBackend(
        d,
        (k, op, domain) -> {
          if (k == n) {
            throw new VtopoException(
                VtopoException.Kind.FAILED, null, "injected failure at call " + k);
          }
        });
  }

  /** The device calls made so far. */
  public int calls() {
    return calls;
  }

  private void tick(String op, String domain) {
    action.before(++calls, op, domain);
  }

  @Override
  public List<LiveDomain> list() {
    return d.list();
  }

  @Override
  public void attach(String domain, VmDevice device, boolean live, boolean config, String owner) {
    tick("attach", domain);
    d.attach(domain, device, live, config, owner);
  }

  @Override
  public void detach(
      String domain,
      VmDevice device,
      boolean live,
      boolean config,
      String owner,
      Duration timeout) {
    tick("detach", domain);
    d.detach(domain, device, live, config, owner, timeout);
  }

  @Override
  public void update(String domain, VmDevice liveDevice, VmDevice configDevice, String owner) {
    tick("update", domain);
    d.update(domain, liveDevice, configDevice, owner);
  }

  @Override
  public void adopt(String domain, String owner) {
    d.adopt(domain, owner);
  }

  @Override
  public void checkpoint(Collection<String> domains) {
    d.checkpoint(domains);
  }

  @Override
  public List<String> restore() {
    return d.restore();
  }

  @Override
  public void discard() {
    d.discard();
  }

  @Override
  public List<String> reconnect(String network) {
    return d.reconnect(network);
  }
}
