package io.vtopo.core.apply;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.backend.Change;
import io.vtopo.core.backend.DomainBackend;
import io.vtopo.core.backend.LinkBackend;
import io.vtopo.core.backend.NetworkBackend;
import io.vtopo.core.backend.StorageBackend;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.Action;
import io.vtopo.core.plan.DeviceEffect;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Mark;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.PlanRenderer;
import io.vtopo.core.plan.Planner;
import io.vtopo.core.plan.Refusal;
import io.vtopo.core.plan.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Carries out a plan: journal, execute in order (consecutive link steps in one batch), verify by
 * reading the host again with bounded retries, and on any failure restore every touched object to
 * its state before the apply, newest first.
 */
public final class Engine {
  /** Receives progress: one call per step started, for counts and ETA on a terminal. */
  public interface Progress {
    /** Called before a step (or batch) runs. */
    void step(int done, int total, String what);

    /**
     * Called before a rollback step runs (undoing what an apply did); by default like {@link
     * #step}.
     */
    default void rollbackStep(int done, int total, String what) {
      step(done, total, what);
    }

    /** No output. */
    Progress NONE = (d, t, w) -> {};
  }

  /**
   * The backends a plan drives; a plan without steps of a family may leave its backend null.
   *
   * @param links link backend
   * @param networks libvirt networks
   * @param storage libvirt storage
   * @param domains libvirt domains' devices
   */
  public record Backends(
      LinkBackend links, NetworkBackend networks, StorageBackend storage, DomainBackend domains) {
    /** Backends without domains. */
    public Backends(LinkBackend links, NetworkBackend networks, StorageBackend storage) {
      this(links, networks, storage, null);
    }
  }

  /**
   * How an apply ended.
   *
   * @param applied true if the host now matches the file (verified)
   * @param rolledBack true if a failure was rolled back
   * @param failure what failed, or null
   * @param unrestorable objects that could not be brought back, or empty
   * @param verifyAttempts reads of the host needed to verify
   * @param foreign objects the rollback found that are not this topology's (another actor created
   *     or replaced them during the apply) and left exactly as they are
   */
  public record Result(
      boolean applied,
      boolean rolledBack,
      String failure,
      List<String> unrestorable,
      int verifyAttempts,
      List<String> foreign) {
    /** A result without foreign objects. */
    public Result(
        boolean applied,
        boolean rolledBack,
        String failure,
        List<String> unrestorable,
        int verifyAttempts) {
      this(applied, rolledBack, failure, unrestorable, verifyAttempts, List.of());
    }
  }

  private final Backends backends;
  private final Journal journal;
  private final Supplier<HostState> reader;
  private final Progress progress;
  private final int verifyTries;
  private final Duration verifyDelay;
  private Duration detachTimeout = Duration.ofSeconds(20);
  private List<String> foreign = List.of();

  /**
   * Creates an engine.
   *
   * @param backends the backends
   * @param journal where the apply is journaled
   * @param reader reads the live host (one dump per class)
   * @param progress progress sink
   * @param verifyTries how many reads verification may take before it fails
   * @param verifyDelay pause between verification reads (kernel and udev may settle late)
   */
  public Engine(
      Backends backends,
      Journal journal,
      Supplier<HostState> reader,
      Progress progress,
      int verifyTries,
      Duration verifyDelay) {
    this.backends = backends;
    this.journal = journal;
    this.reader = reader;
    this.progress = progress;
    this.verifyTries = verifyTries;
    this.verifyDelay = verifyDelay;
  }

  /**
   * How long a hot-unplug waits for the guest to release the device before it fails (and rolls
   * back).
   */
  public Engine withDetachTimeout(Duration d) {
    this.detachTimeout = d;
    return this;
  }

  /**
   * Applies {@code plan} (computed from {@code before}) to make the host match {@code desired}.
   *
   * @throws VtopoException when the plan has refusals, or an earlier apply left a journal
   */
  public Result apply(Topology desired, HostState before, Plan plan, PlanOptions opts) {
    return apply(desired, before, plan, opts, true);
  }

  /**
   * Applies a plan; with {@code commit} false a verified apply keeps its journal, so that {@link
   * #commit()} or {@link #recover} decides later ({@code --confirm N}).
   */
  public Result apply(
      Topology desired, HostState before, Plan plan, PlanOptions opts, boolean commit) {
    if (!plan.refusals().isEmpty()) {
      Refusal r = plan.refusals().get(0);
      throw new VtopoException(
          r.flag() == null ? Kind.CONFLICT : Kind.DESTRUCTIVE_REFUSED,
          r.id().toString(),
          r.reason()
              + (r.flag() == null ? "" : "; pass " + r.flag() + " to allow it")
              + (plan.refusals().size() > 1
                  ? " (and " + (plan.refusals().size() - 1) + " more refusal(s))"
                  : ""));
    }
    if (journal.exists()) {
      throw new VtopoException(
          Kind.CONFLICT,
          null,
          "an earlier apply of this topology did not finish (journal in "
              + journal.dir()
              + "); run 'vtopo recover' to roll it back first");
    }
    if (plan.isEmpty()) {
      return new Result(true, false, null, List.of(), 0);
    }
    List<ObjectId> ids = plan.steps().stream().map(Step::id).toList();
    List<ObjectId> creates =
        plan.steps().stream()
            .filter(
                s ->
                    s.action() == io.vtopo.core.plan.Action.CREATE
                        || s.action() == io.vtopo.core.plan.Action.REPLACE)
            .map(Step::id)
            .toList();
    journal.begin(desired.name(), before, ids, creates, PlanRenderer.text(plan));
    Snapshot snap = Snapshot.of(before);
    String failure = null;
    int attempts = 0;
    try {
      checkpointDomains(plan);
      execute(plan.steps(), desired.name(), opts, true);
      attempts = verify(desired, opts);
    } catch (VtopoException | IllegalStateException e) {
      failure = e.getMessage();
    }
    if (failure == null) {
      if (commit) {
        commit();
      }
      return new Result(true, false, null, List.of(), attempts);
    }
    List<String> unrestorable;
    try {
      unrestorable = rollback(ids, snap, desired.name(), creates);
    } catch (VtopoException | IllegalStateException e) {
      // The host cannot even be read (libvirtd restarting, its connection lost): nothing is
      // guessed; the journal stays
      // for 'vtopo recover', which reads the host afresh over a new connection.
      unrestorable = List.of("rollback could not read the host: " + e.getMessage());
    }
    if (unrestorable.isEmpty()) {
      commit();
    }
    return new Result(false, true, failure, unrestorable, attempts, foreign);
  }

  /** Makes a kept apply permanent: drops its journal. */
  public void commit() {
    if (backends.domains() != null) {
      backends.domains().discard();
    }
    journal.finish();
  }

  /**
   * Saves the live and persistent XML of every domain whose devices the plan changes, before the
   * first step.
   */
  private void checkpointDomains(Plan plan) {
    java.util.Set<String> doms = new java.util.LinkedHashSet<>();
    plan.steps().stream()
        .filter(s -> s instanceof Step.DeviceStep)
        .forEach(s -> doms.add(((Step.DeviceStep) s).domain()));
    if (!doms.isEmpty()) {
      require(backends.domains(), "libvirt domains").checkpoint(doms);
    }
  }

  /**
   * Rolls back an apply that a crash interrupted, from its journal.
   *
   * @return what could not be restored (empty: the host is as it was before that apply)
   */
  public List<String> recover(String topology) {
    Journal.Entry e =
        journal
            .read()
            .orElseThrow(
                () ->
                    new VtopoException(
                        Kind.NOT_FOUND,
                        null,
                        "no unfinished apply of topology '" + topology + "'"));
    List<String> unrestorable = rollback(e.ids(), e.before(), topology, e.creates());
    if (unrestorable.isEmpty()) {
      commit();
    }
    return unrestorable;
  }

  /**
   * Objects the last rollback or recovery found that are not this topology's and left alone
   * (another tool created them under a name the plan meant to use, or replaced an object of the
   * topology during the apply).
   */
  public List<String> foreignLeft() {
    return foreign;
  }

  /**
   * Reads the host, first completing the marks of links this apply created but was killed before
   * marking.
   */
  private HostState readClaiming(List<ObjectId> creates, String owner) {
    HostState now = reader.get();
    if (creates.isEmpty() || backends.links() == null) {
      return now;
    }
    java.util.Set<ObjectId> intents = new java.util.HashSet<>(creates);
    boolean claimed = false;
    for (var o : now.links()) {
      if (!o.isOwned() && intents.contains(ObjectId.link(o.value().name()))) {
        claimed |= backends.links().claim(o.value().name(), owner);
      }
    }
    return claimed ? reader.get() : now;
  }

  private List<String> rollback(
      List<ObjectId> ids, Snapshot before, String owner, List<ObjectId> creates) {
    List<String> unrestorable = new ArrayList<>();
    if (backends.domains() != null) {
      // Devices went last, so they come back first: each touched domain's live and persistent XML
      // as checkpointed.
      try {
        unrestorable.addAll(backends.domains().restore());
      } catch (VtopoException | IllegalStateException e) {
        unrestorable.add("domains: " + e.getMessage());
      }
    }
    List<String> others = new ArrayList<>();
    // Restoring may itself meet a transient refusal (a bridge still releasing a port): a second
    // pass retries what is
    // still different, computed afresh from the live state.
    for (int pass = 0; pass < 3; pass++) {
      List<String> lost = new ArrayList<>();
      others.clear();
      List<Step> steps =
          Restore.steps(ids, before, readClaiming(creates, owner), owner, lost, others);
      foreign = List.copyOf(others);
      if (steps.isEmpty()) {
        unrestorable.addAll(lost);
        return unrestorable;
      }
      for (Step s : steps) {
        try {
          execute(List.of(s), owner, PlanOptions.defaults(), false);
        } catch (VtopoException | IllegalStateException e) {
          if (pass == 2) {
            unrestorable.add(s.id() + ": " + e.getMessage());
          }
        }
      }
      if (pass == 2) {
        List<String> left = new ArrayList<>();
        Restore.steps(ids, before, reader.get(), owner, left, new ArrayList<>())
            .forEach(s -> left.add(s.id() + ": still differs"));
        unrestorable.addAll(left.stream().distinct().toList());
      }
    }
    return unrestorable.stream().distinct().toList();
  }

  private int verify(Topology desired, PlanOptions opts) {
    Plan left = null;
    for (int i = 1; i <= verifyTries; i++) {
      left = Planner.plan(desired, reader.get(), opts);
      if (left.isEmpty()) {
        return i;
      }
      if (i < verifyTries) {
        try {
          Thread.sleep(verifyDelay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    throw new VtopoException(
        Kind.VERIFY_FAILED,
        null,
        "after applying, the host still differs from the file:\n"
            + PlanRenderer.text(left).strip());
  }

  /** Runs steps in order; runs of link steps go to the link backend as one batch. */
  private void execute(List<Step> steps, String owner, PlanOptions opts, boolean journaled) {
    int i = 0;
    while (i < steps.size()) {
      Step s = steps.get(i);
      if (s instanceof Step.LinkStep) {
        List<Change<Link>> batch = new ArrayList<>();
        int start = i;
        while (i < steps.size() && steps.get(i) instanceof Step.LinkStep ls) {
          batch.addAll(changes(ls));
          i++;
        }
        note(
            journaled,
            start,
            i,
            steps.size(),
            steps.get(start).id() + (i - start > 1 ? " .. " + steps.get(i - 1).id() : ""));
        require(backends.links(), "links").apply(batch, owner);
        continue;
      }
      note(journaled, i, i + 1, steps.size(), s.id().toString());
      if (s instanceof Step.NetworkStep n) {
        NetworkBackend nb = require(backends.networks(), "libvirt networks");
        switch (n.action()) {
          case CREATE -> nb.create(n.desired(), owner);
          case MODIFY, REPLACE -> nb.update(n.current(), n.desired(), owner);
          case DELETE -> nb.delete(n.current(), owner);
          default -> throw new IllegalStateException();
        }
        if (n.marks().contains(Mark.RESTART)
            && n.action() != Action.DELETE
            && backends.domains() != null) {
          // libvirt re-attaches running guests' TAPs only when libvirtd restarts; vtopo does it
          // right away.
          backends.domains().reconnect(n.desired().name());
        }
      } else if (s instanceof Step.DeviceStep d) {
        device(require(backends.domains(), "libvirt domains"), d, owner);
      } else if (s instanceof Step.PoolStep p) {
        StorageBackend sb = require(backends.storage(), "libvirt storage");
        switch (p.action()) {
          case CREATE -> sb.createPool(p.desired(), owner);
          case MODIFY, REPLACE ->
              sb.updatePool(
                  p.current(), p.desired(), owner, opts.allowSourceChange() || !journaled);
          case DELETE ->
              sb.deletePool(
                  p.current(),
                  owner,
                  opts.allowDataLoss() && p.marks().contains(Mark.DESTRUCTIVE) || !journaled);
          default -> throw new IllegalStateException();
        }
      } else if (s instanceof Step.VolumeStep v) {
        StorageBackend sb = require(backends.storage(), "libvirt storage");
        boolean allow = opts.allowDataLoss() || !journaled;
        switch (v.action()) {
          case CREATE -> sb.createVolume(v.pool(), v.desired(), owner);
          case MODIFY -> sb.resizeVolume(v.pool(), v.current(), v.desired(), owner, allow);
          case REPLACE -> {
            sb.deleteVolume(v.pool(), v.current(), owner, allow);
            sb.createVolume(v.pool(), v.desired(), owner);
          }
          case DELETE -> sb.deleteVolume(v.pool(), v.current(), owner, allow);
          default -> throw new IllegalStateException();
        }
      }
      i++;
    }
  }

  private void device(DomainBackend db, Step.DeviceStep d, String owner) {
    switch (d.action()) {
      case CREATE -> {
        if (d.current() == null) {
          db.attach(
              d.domain(), d.desired(), d.liveTarget() != null, d.configTarget() != null, owner);
        } else if (d.effect() == DeviceEffect.HOT_PLUG) {
          // In the persistent definition already: plug into the running guest, then fix the
          // definition if it differs.
          db.attach(d.domain(), d.liveTarget(), true, false, owner);
          if (d.configTarget() != null) {
            db.update(d.domain(), null, d.configTarget(), owner);
          }
        } else {
          db.attach(d.domain(), d.configTarget(), false, true, owner);
          if (d.liveTarget() != null) {
            db.update(d.domain(), d.liveTarget(), null, owner);
          }
        }
      }
      case MODIFY, REPLACE -> db.update(d.domain(), d.liveTarget(), d.configTarget(), owner);
      case DELETE ->
          db.detach(
              d.domain(),
              d.current(),
              d.liveTarget() != null,
              d.configTarget() != null,
              owner,
              detachTimeout);
      default -> throw new IllegalStateException();
    }
  }

  private void note(boolean journaled, int from, int to, int total, String what) {
    if (journaled) {
      journal.progress("steps " + (from + 1) + "-" + to + " of " + total + " started: " + what);
    }
    if (journaled) {
      progress.step(from, total, what);
    } else {
      progress.rollbackStep(from, total, what);
    }
  }

  private static List<Change<Link>> changes(Step.LinkStep s) {
    return switch (s.action()) {
      case CREATE -> List.of(new Change.Create<>(s.desired()));
      case MODIFY -> List.of(new Change.Modify<>(s.current(), s.desired(), s.changes()));
      case REPLACE -> List.of(new Change.Delete<>(s.current()), new Change.Create<>(s.desired()));
      case DELETE -> List.of(new Change.Delete<>(s.current()));
    };
  }

  private static <T> T require(T backend, String what) {
    if (backend == null) {
      throw new VtopoException(
          Kind.UNAVAILABLE, null, "the plan needs " + what + ", but no backend is connected");
    }
    return backend;
  }
}
