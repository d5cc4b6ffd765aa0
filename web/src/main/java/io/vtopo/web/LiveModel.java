package io.vtopo.web;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.vtopo.core.backend.LiveSource;
import io.vtopo.core.model.Topology;
import io.vtopo.core.reach.Reachability;
import io.vtopo.core.reach.Verdict;
import io.vtopo.render.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The live state behind the page. Host events only mark it stale; one refresh thread re-reads the
 * host after a short debounce (a burst of netlink events costs one read), recomputes the drift, and
 * pushes a new version to the listeners only when something visible changed. A periodic resync is
 * the safety net for lost or unsupported events (libvirt pool changes have none here).
 */
public final class LiveModel implements AutoCloseable {
  private final Topology file;
  private final Reachability reach;
  private final LiveSource source;
  private final Duration debounce;
  private final Duration resync;
  private final ScheduledExecutorService exec;
  private final AtomicBoolean pending = new AtomicBoolean();

  /**
   * Debounced re-reads scheduled and not yet finished (observable, so that tests wait on it instead
   * of sleeping).
   */
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();

  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  /** Distinguishes this server's versions from a previous run's, which also started at 1. */
  private final String instance = Long.toHexString(new java.security.SecureRandom().nextLong());

  private AutoCloseable watch;
  private volatile LiveView view;
  private volatile String content;
  private volatile String envelope;
  private volatile long version;
  private volatile long reads;
  private volatile long lastReadMillis;
  private volatile String readError;
  private volatile String eventError;
  // The host's reachability, computed once per view on the first path query.
  private Reachability hostReach;
  private LiveView hostReachOf;
  // What the last pushed version showed; touched only on the refresh thread.
  private String lastPushedContent;
  private String lastPushedError;
  private String lastPushedEventError;

  /**
   * A model of {@code source} compared with {@code file}.
   *
   * @param file the topology file, or null to show the host alone
   * @param source the live host
   * @param debounce wait after an event before re-reading (later events in this window join the
   *     same read)
   * @param resync re-read this often even without events
   */
  public LiveModel(Topology file, LiveSource source, Duration debounce, Duration resync) {
    this.file = file;
    this.reach = file == null ? null : Reachability.of(file);
    this.source = source;
    this.debounce = debounce;
    this.resync = resync;
    this.exec =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vtopo-serve-refresh");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Subscribes to host events, then reads the host once (so no change falls between the two) and
   * starts the resync.
   */
  public void start() {
    watch =
        source.watch(
            this::changed,
            msg -> {
              eventError = msg;
              changed();
            });
    try {
      exec.submit(this::refresh).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    long ms = resync.toMillis();
    exec.scheduleWithFixedDelay(this::refresh, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Something may have changed: re-read after the debounce, once for a whole burst. */
  public void changed() {
    if (pending.compareAndSet(false, true)) {
      inFlight.incrementAndGet();
      try {
        exec.schedule(
            () -> {
              // Cleared before reading: an event during the read schedules another read.
              pending.set(false);
              try {
                refresh();
              } finally {
                inFlight.decrementAndGet();
              }
            },
            debounce.toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Closing: nothing to refresh any more.
        inFlight.decrementAndGet();
      }
    }
  }

  /**
   * True when no event-triggered re-read is waiting for its debounce or running (the periodic
   * resync aside).
   */
  public boolean settled() {
    return inFlight.get() == 0;
  }

  private void refresh() {
    long t0 = System.nanoTime();
    String err = null;
    try {
      LiveView v = LiveView.build(file, source.read(), source.planOptions(), source.describe());
      view = v;
      content = v.json();
    } catch (RuntimeException e) {
      // Keep showing the last good state, marked stale by the error.
      err = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    reads++;
    lastReadMillis = (System.nanoTime() - t0) / 1_000_000;
    String next = content == null ? "null" : content;
    String candidate = Json.compact(new Envelope(instance, version + 1, status(err), next));
    boolean visible =
        envelope == null
            || !next.equals(lastPushedContent)
            || !java.util.Objects.equals(err, lastPushedError)
            || !java.util.Objects.equals(eventError, lastPushedEventError);
    readError = err;
    if (!visible) {
      return;
    }
    lastPushedContent = next;
    lastPushedError = err;
    lastPushedEventError = eventError;
    version++;
    envelope = candidate;
    for (Consumer<String> l : listeners) {
      try {
        l.accept(candidate);
      } catch (RuntimeException e) {
        listeners.remove(l);
      }
    }
  }

  /**
   * The document pushed to the page; {@code view} is already JSON (kept as text to compare versions
   * cheaply).
   *
   * @param server this server instance, so a page notices a restart
   * @param version bumped only when what the page shows changes
   * @param status how reading the host goes
   * @param view the view document, or {@code null} before the first good read
   */
  private record Envelope(String server, long version, Status status, @JsonRawValue String view) {}

  /** How reading the host goes: the page header's line. */
  private record Status(
      String source,
      long reads,
      long lastReadMillis,
      String readError,
      String events,
      long resyncSeconds) {}

  private Status status(String err) {
    return new Status(
        source.describe(),
        reads,
        lastReadMillis,
        err,
        eventError == null
            ? "live"
            : "failed: " + eventError + " (re-reading every " + resync.toSeconds() + " s)",
        resync.toSeconds());
  }

  /**
   * The current version's document: {@code {"server":ID,"version":N,"status":{...},"view":{...}}}.
   */
  public String topologyJson() {
    return envelope;
  }

  /** The current version number (1 after the first read). */
  public long version() {
    return version;
  }

  /** The current view, or null before the first successful read. */
  public LiveView view() {
    return view;
  }

  /** How many times the host was read. */
  public long reads() {
    return reads;
  }

  /** The last read's error, or null. */
  public String readError() {
    return readError;
  }

  /**
   * Receives every new version's document (on the refresh thread); returns the handle that
   * unsubscribes.
   */
  public Runnable listen(Consumer<String> l) {
    listeners.add(l);
    return () -> listeners.remove(l);
  }

  /**
   * The path from VM {@code from} to VM {@code to} as the file declares it.
   *
   * @throws IllegalStateException without a file (VMs are only known from the file)
   * @throws IllegalArgumentException for an unknown VM or vNIC
   */
  public Verdict path(String from, String to) {
    if (reach == null) {
      throw new IllegalStateException(
          "path queries need a topology FILE: VMs are declared there, not read from the" + " host");
    }
    return reach.path(from, to);
  }

  /**
   * The same query against the host as it is now: its links and networks with the file's VMs
   * plugged in.
   *
   * @throws IllegalStateException without a file, or before the host was read
   * @throws IllegalArgumentException for an unknown VM or vNIC
   */
  public Verdict pathOnHost(String from, String to) {
    LiveView v = view;
    if (v == null || v.onHost() == null) {
      throw new IllegalStateException(
          reach == null ? "path queries need a topology FILE" : "the host was not read");
    }
    Reachability r;
    synchronized (this) {
      if (hostReachOf != v) {
        hostReach = Reachability.of(v.onHost());
        hostReachOf = v;
      }
      r = hostReach;
    }
    return r.path(from, to);
  }

  /** Stops watching and refreshing; the source stays open (its owner closes it). */
  @Override
  public void close() {
    if (watch != null) {
      try {
        watch.close();
      } catch (Exception e) {
        // Best effort on shutdown: the process is ending.
      }
    }
    exec.shutdownNow();
    try {
      exec.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    listeners.clear();
  }
}
