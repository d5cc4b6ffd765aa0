package io.vtopo.domain;

import io.vtopo.core.VtopoException;
import io.vtopo.core.backend.DomainBackend;
import io.vtopo.core.backend.LiveDomain;
import io.vtopo.core.model.VmDevice;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * A domain backend that fails its {@code n}-th mutating call (fault injection), delegating
 * everything else.
 */
class FailingLast implements DomainBackend {
  private final DomainBackend d;
  private final int failAt;
  private int calls;

  FailingLast(DomainBackend d, int failAt) {
    this.d = d;
    this.failAt = failAt;
  }

  private void tick() {
    if (++calls == failAt) {
      throw new VtopoException(
          VtopoException.Kind.FAILED, null, "injected failure at call " + calls);
    }
  }

  @Override
  public List<LiveDomain> list() {
    return d.list();
  }

  @Override
  public void attach(String domain, VmDevice device, boolean live, boolean config, String owner) {
    tick();
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
    tick();
    d.detach(domain, device, live, config, owner, timeout);
  }

  @Override
  public void update(String domain, VmDevice liveDevice, VmDevice configDevice, String owner) {
    tick();
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
