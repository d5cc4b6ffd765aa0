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
import io.vtopo.testsupport.Await;
import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Event subscriptions: link, address and route events, and a full resync after the kernel drops
 * events.
 */
class EventKernelTest extends KernelTestBase {
  @Test
  void linkAddressAndRouteEvents() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (EventSubscription sub =
        nl.subscribe(
            new EventSubscription.Listener() {
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
      nl.addRoute(
          Route.of(
              InetAddress.getByName("198.51.100.0"), 24, InetAddress.getByName("192.0.2.9"), idx));
      nl.deleteLink("ev0");
      await(events, "new ev0");
      await(events, "addr 192.0.2.1");
      await(events, "route 198.51.100.0");
      await(events, "del ev0");
    }
  }

  private static void await(BlockingQueue<String> events, String wanted)
      throws InterruptedException {
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
    AtomicReference<CountDownLatch> release = new AtomicReference<>(new CountDownLatch(1));
    AtomicInteger resyncs = new AtomicInteger();
    Set<String> view = ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicBoolean markerHandled =
        new java.util.concurrent.atomic.AtomicBoolean();
    // A tiny receive buffer and a listener that stalls on the first event of each burst: the kernel
    // must drop events.
    // The listener keeps a view from events and snapshots; whatever was dropped, the view must end
    // up exact, through
    // a burst of creations and then a burst of deletions (events from before a loss must not
    // resurrect deleted links).
    try (EventSubscription sub =
        EventSubscription.start(
            ns,
            2048,
            new EventSubscription.Listener() {
              @Override
              public void onLink(Link link, boolean removed) {
                try {
                  release.get().await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                if (removed) {
                  view.remove(link.name());
                } else {
                  view.add(link.name());
                }
                if (link.name().equals("mark0")) {
                  markerHandled.set(true);
                }
              }

              @Override
              public void onResync(Snapshot s) {
                Set<String> now = new java.util.HashSet<>();
                s.links().forEach(l -> now.add(l.name()));
                view.retainAll(now);
                view.addAll(now);
                if (now.contains("mark0")) {
                  markerHandled.set(true);
                }
                resyncs.incrementAndGet();
              }
            })) {
      Batch b = nl.batch();
      for (int i = 0; i < 200; i++) {
        b.createLink(LinkSpec.create("ov" + i, BridgeInfo.defaults()));
      }
      b.executeOrThrow();
      release.get().countDown();
      awaitView(view, resyncs, 1, 200);

      release.set(new CountDownLatch(1));
      Batch d = nl.batch();
      for (int i = 0; i < 150; i++) {
        d.deleteLink("ov" + i);
      }
      d.executeOrThrow();
      release.get().countDown();
      awaitView(view, resyncs, 2, 50);
      assertThat(view.stream().filter(n -> n.startsWith("ov")))
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.IntStream.range(150, 200).mapToObj(i -> "ov" + i).toList());
      // Links created and deleted within one loss: the events still queued from before the loss
      // (creations) must not
      // be replayed over the snapshot that no longer has those links.
      release.set(new CountDownLatch(1));
      Batch g = nl.batch();
      for (int i = 0; i < 100; i++) {
        g.createLink(LinkSpec.create("gh" + i, BridgeInfo.defaults()));
      }
      for (int i = 0; i < 100; i++) {
        g.deleteLink("gh" + i);
      }
      g.executeOrThrow();
      release.get().countDown();
      awaitView(view, resyncs, 3, 50);
      // A marker created after the burst: the socket delivers in order, so once the listener has
      // handled the marker
      // (its event, or a snapshot taken after it), every event queued before it has been handled
      // too.
      nl.createLink(LinkSpec.create("mark0", BridgeInfo.defaults()));
      Await.until(
          "the marker link's event or a snapshot with it", markerHandled::get, view::toString);
      assertThat(view).contains("mark0");
      assertThat(view.stream().filter(n -> n.startsWith("gh")))
          .as("links created and deleted during a loss")
          .isEmpty();
      assertThat(view).contains("lo");
    }
  }

  private static void awaitView(
      Set<String> view, AtomicInteger resyncs, int wantResyncs, int wantLinks) {
    Await.until(
        wantResyncs + " resync(s) and " + wantLinks + " ov* links in the view",
        () ->
            resyncs.get() >= wantResyncs
                && view.stream().filter(n -> n.startsWith("ov")).count() == wantLinks,
        () ->
            resyncs.get()
                + " resync(s), "
                + view.stream().filter(n -> n.startsWith("ov")).count()
                + " ov* links");
    assertThat(resyncs.get()).as("resyncs after ENOBUFS").isGreaterThanOrEqualTo(wantResyncs);
    assertThat(view.stream().filter(n -> n.startsWith("ov"))).hasSize(wantLinks);
  }
}
