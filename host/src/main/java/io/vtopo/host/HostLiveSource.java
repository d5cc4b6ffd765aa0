package io.vtopo.host;

import io.vtopo.core.backend.LiveSource;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.libvirt.NativeNetworks;
import io.vtopo.netlink.EventSubscription;
import io.vtopo.netlink.Netns;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.Snapshot;
import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.Link;
import io.vtopo.netlink.model.Route;
import java.util.function.Consumer;

/**
 * The live host for {@code vtopo serve}: reads through a {@link HostSession} (one dump per object
 * class) and watches netlink link/address/route events in the target namespace plus libvirt network
 * lifecycle events. Libvirt pools have no event binding here; the model's periodic resync picks
 * their changes up.
 */
public final class HostLiveSource implements LiveSource {
  private final HostSession session;
  private final HostTarget options;

  public HostLiveSource(HostSession session, HostTarget options) {
    this.session = session;
    this.options = options;
  }

  @Override
  public HostState read() {
    return session.read();
  }

  @Override
  public PlanOptions planOptions() {
    return session.options(true, true, true);
  }

  @Override
  public AutoCloseable watch(Runnable changed, Consumer<String> failed) {
    Netns ns = options.netns() == null ? null : Netns.named(options.netns());
    EventSubscription sub;
    try {
      sub =
          EventSubscription.start(
              ns,
              RtNetlink.RCVBUF,
              new EventSubscription.Listener() {
                @Override
                public void onLink(Link link, boolean removed) {
                  changed.run();
                }

                @Override
                public void onAddress(Address address, boolean removed) {
                  changed.run();
                }

                @Override
                public void onRoute(Route route, boolean removed) {
                  changed.run();
                }

                @Override
                public void onResync(Snapshot snapshot) {
                  // Events were lost: the model re-reads everything anyway, so the snapshot itself
                  // is not needed.
                  changed.run();
                }

                @Override
                public void onError(RuntimeException error) {
                  failed.accept("netlink events stopped: " + error.getMessage());
                }
              });
    } catch (RuntimeException e) {
      if (ns != null) {
        ns.close();
      }
      throw e;
    }
    AutoCloseable networks = null;
    if (session.conn != null) {
      try {
        networks = NativeNetworks.onLifecycle(session.conn, (name, event) -> changed.run());
      } catch (RuntimeException e) {
        failed.accept("libvirt network events unavailable: " + e.getMessage());
      }
    }
    AutoCloseable nets = networks;
    return () -> {
      try {
        if (nets != null) {
          nets.close();
        }
      } finally {
        sub.close();
        if (ns != null) {
          ns.close();
        }
      }
    };
  }

  @Override
  public String describe() {
    return (options.netns() == null ? "current netns" : "netns " + options.netns())
        + ", "
        + (session.conn == null ? "no libvirt" : "libvirt " + options.connect());
  }

  @Override
  public void close() {
    session.close();
  }
}
