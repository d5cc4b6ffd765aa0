package io.vtopo.netlink;

import io.vtopo.netlink.codec.RtMessages;
import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.Link;
import io.vtopo.netlink.model.Route;
import io.vtopo.netlink.sys.Errno;
import io.vtopo.netlink.sys.NetlinkSocket;
import io.vtopo.netlink.wire.Nl;
import java.nio.ByteBuffer;

/**
 * Link, address and route events ({@code ip monitor link address route}) on their own socket and
 * thread. When the socket overflows the kernel drops events and reports ENOBUFS; the only safe
 * recovery is a full resync, so the listener then receives a fresh {@link Snapshot} and should
 * replace its view with it.
 */
public final class EventSubscription implements AutoCloseable {
  /** Receives events on the subscription's thread; keep callbacks short. */
  public interface Listener {
    /** A link appeared or changed ({@code removed} false) or was deleted. */
    default void onLink(Link link, boolean removed) {}

    /** An address was added or removed. */
    default void onAddress(Address address, boolean removed) {}

    /** A route was added or removed. */
    default void onRoute(Route route, boolean removed) {}

    /** Events were lost; this is the complete current state. */
    default void onResync(Snapshot snapshot) {}

    /** The subscription failed and stopped. */
    default void onError(RuntimeException error) {}
  }

  private static final int POLL_MS = 100;
  private final NetlinkSocket sock;
  private final Netns ns;
  private final Listener listener;
  private final Thread thread;
  private volatile boolean stopped;

  private EventSubscription(NetlinkSocket sock, Netns ns, Listener listener) {
    this.sock = sock;
    this.ns = ns;
    this.listener = listener;
    this.thread = new Thread(this::loop, "vtopo-netlink-events");
    thread.setDaemon(true);
  }

  /** Subscribes in {@code ns} (null: current namespace) with the given socket receive buffer. */
  static EventSubscription start(Netns ns, Listener listener, int receiveBuffer) {
    int groups =
        bit(Nl.RTNLGRP_LINK)
            | bit(Nl.RTNLGRP_IPV4_IFADDR)
            | bit(Nl.RTNLGRP_IPV6_IFADDR)
            | bit(Nl.RTNLGRP_IPV4_ROUTE)
            | bit(Nl.RTNLGRP_IPV6_ROUTE);
    NetlinkSocket s =
        ns == null
            ? NetlinkSocket.open(groups, receiveBuffer)
            : ns.call(() -> NetlinkSocket.open(groups, receiveBuffer));
    s.setReceiveTimeout(POLL_MS);
    EventSubscription sub = new EventSubscription(s, ns, listener);
    sub.thread.start();
    return sub;
  }

  /**
   * Like {@link RtNetlink#subscribe} with an explicit receive buffer (tests use a tiny one to force
   * ENOBUFS).
   */
  public static EventSubscription start(Netns ns, int receiveBuffer, Listener listener) {
    return start(ns, listener, receiveBuffer);
  }

  private static int bit(int group) {
    return 1 << (group - 1);
  }

  private void loop() {
    try {
      while (!stopped) {
        ByteBuffer b;
        try {
          b = sock.receive();
        } catch (NetlinkException e) {
          if (e.errno() == Errno.ENOBUFS) {
            resync();
            continue;
          }
          throw e;
        }
        if (b == null) {
          continue;
        }
        dispatch(b);
      }
    } catch (RuntimeException e) {
      if (!stopped) {
        listener.onError(e);
      }
    }
  }

  /**
   * After ENOBUFS the socket may still hold events from before the loss. Delivered after the
   * snapshot they would move the view back in time (a link created, then deleted in the lost part,
   * would reappear), so they are discarded first; the snapshot that follows covers them. Events
   * queued while the snapshot is read are newer and are delivered after it.
   */
  private void resync() {
    drain();
    try (RtNetlink c = RtNetlink.open(ns)) {
      listener.onResync(c.snapshot());
    }
  }

  private void drain() {
    sock.setReceiveTimeout(1);
    try {
      while (!stopped) {
        try {
          if (sock.receive() == null) {
            return;
          }
        } catch (NetlinkException e) {
          if (e.errno() != Errno.ENOBUFS) {
            throw e;
          }
        }
      }
    } finally {
      sock.setReceiveTimeout(POLL_MS);
    }
  }

  private void dispatch(ByteBuffer b) {
    for (RtMessages.Decoded d : RtMessages.decodeAll(b)) {
      if (d.value() instanceof Link l) {
        listener.onLink(l, d.removed());
      } else if (d.value() instanceof Address a) {
        listener.onAddress(a, d.removed());
      } else if (d.value() instanceof Route r) {
        listener.onRoute(r, d.removed());
      }
    }
  }

  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sock.close();
  }
}
