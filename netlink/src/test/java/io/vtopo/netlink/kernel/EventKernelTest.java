package io.vtopo.netlink.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.netlink.Batch;
import io.vtopo.netlink.EventSubscription;
import io.vtopo.netlink.Snapshot;
import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.Link;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.model.Route;
import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Event subscriptions: link, address and route events, and a full resync after the kernel drops events. */
class EventKernelTest extends KernelTestBase {
  @Test
  void linkAddressAndRouteEvents() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (EventSubscription sub = nl.subscribe(new EventSubscription.Listener() {
      @Override
      public void onLink(Link link, boolean removed) {
        events.add((removed ? "del " : "new ") + link.name());
      }

      @Override
      public void onAddress(Address a, boolean removed) {
        events.add((removed ? "deladdr " : "addr ") + a.address().getHostAddress());
      }

      @Override
      public void onRoute(Route r, boolean removed) {
        if (r.destination() != null) {
          events.add((removed ? "delroute " : "route ") + r.destination().getHostAddress());
        }
      }
    })) {
      nl.createLink(LinkSpec.create("ev0", BridgeInfo.defaults()).withUp(true));
      int idx = link("ev0").index();
      nl.addAddress(Address.of(idx, InetAddress.getByName("192.0.2.1"), 24));
      nl.addRoute(Route.of(InetAddress.getByName("198.51.100.0"), 24, InetAddress.getByName("192.0.2.9"), idx));
      nl.deleteLink("ev0");
      await(events, "new ev0");
      await(events, "addr 192.0.2.1");
      await(events, "route 198.51.100.0");
      await(events, "del ev0");
    }
  }

  private static void await(BlockingQueue<String> events, String wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String e = events.poll(100, TimeUnit.MILLISECONDS);
      if (wanted.equals(e)) {
        return;
      }
    }
    throw new AssertionError("no event '" + wanted + "'");
  }

  @Test
  void overflowTriggersAFullResyncAndTheViewConverges() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch resynced = new CountDownLatch(1);
    Set<String> view = ConcurrentHashMap.newKeySet();
    // A tiny receive buffer and a listener that stalls on its first event: the kernel must drop events. The listener
    // keeps a view from events and snapshots; whatever was dropped, the view must end up complete.
    try (EventSubscription sub = EventSubscription.start(ns, 2048, new EventSubscription.Listener() {
      @Override
      public void onLink(Link link, boolean removed) {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (removed) {
          view.remove(link.name());
        } else {
          view.add(link.name());
        }
      }

      @Override
      public void onResync(Snapshot s) {
        view.clear();
        s.links().forEach(l -> view.add(l.name()));
        resynced.countDown();
      }
    })) {
      Batch b = nl.batch();
      for (int i = 0; i < 200; i++) {
        b.createLink(LinkSpec.create("ov" + i, BridgeInfo.defaults()));
      }
      b.executeOrThrow();
      release.countDown();
      assertThat(resynced.await(10, TimeUnit.SECONDS)).as("resync after ENOBUFS").isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (view.stream().filter(n -> n.startsWith("ov")).count() < 200 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(view.stream().filter(n -> n.startsWith("ov"))).hasSize(200);
      assertThat(view).contains("lo");
    }
  }
}
