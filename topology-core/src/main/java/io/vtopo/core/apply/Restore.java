package io.vtopo.core.apply;

import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Volume;
import io.vtopo.core.plan.Action;
import io.vtopo.core.plan.FieldChange;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Mark;
import io.vtopo.core.plan.PlanDiff;
import io.vtopo.core.plan.Step;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Computes the steps that bring touched objects back to a snapshot, from whatever state a failed or killed apply left:
 * an object that did not exist is deleted, one that was deleted is created again, one that was changed is changed
 * back. Works the same whether a step completed, half-completed or never ran, because it compares live state with
 * the snapshot instead of replaying inverses.
 */
public final class Restore {
  private Restore() {}

  /**
   * Restore steps for the ids (given in apply order; restored in reverse).
   *
   * @param ids touched object ids in the order the apply touched them
   * @param before the snapshot
   * @param now the live state now
   * @param unrestorable receives objects whose data cannot come back (deleted or replaced volumes)
   */
  public static List<Step> steps(List<ObjectId> ids, Snapshot before, HostState now, List<String> unrestorable) {
    Snapshot live = Snapshot.of(now);
    List<Step> out = new ArrayList<>();
    for (int i = ids.size() - 1; i >= 0; i--) {
      ObjectId id = ids.get(i);
      switch (id.kind()) {
        case LINK -> link(before.link(id), live.link(id), out);
        case NETWORK -> network(before.network(id), live.network(id), out);
        case POOL -> pool(before.pool(id), live.pool(id), out, unrestorable, now, ids);
        case VOLUME -> volume(id.parent(), before.volume(id), live.volume(id), out, unrestorable, id);
        default -> throw new IllegalStateException("no restore for " + id);
      }
    }
    return out;
  }

  private static void link(Optional<Owned<Link>> was, Optional<Owned<Link>> is, List<Step> out) {
    if (was.isEmpty() && is.isPresent()) {
      out.add(new Step.LinkStep(Action.DELETE, is.get().value(), null, List.of(), EnumSet.of(Mark.DISRUPTIVE),
          List.of()));
    } else if (was.isPresent() && is.isEmpty()) {
      if (!(was.get().value() instanceof Nic)) {
        out.add(new Step.LinkStep(Action.CREATE, null, was.get().value(), List.of(), EnumSet.noneOf(Mark.class),
            List.of()));
      }
    } else if (was.isPresent()) {
      List<FieldChange> ch = PlanDiff.link(is.get().value(), was.get().value());
      if (!ch.isEmpty()) {
        boolean replace = ch.stream().anyMatch(c -> !c.inPlace());
        out.add(new Step.LinkStep(replace ? Action.REPLACE : Action.MODIFY, is.get().value(), was.get().value(), ch,
            EnumSet.of(Mark.DISRUPTIVE), List.of()));
      }
    }
  }

  private static void network(Optional<Owned<Network>> was, Optional<Owned<Network>> is, List<Step> out) {
    if (was.isEmpty() && is.isPresent()) {
      out.add(new Step.NetworkStep(Action.DELETE, is.get().value(), null, List.of(), EnumSet.of(Mark.DISRUPTIVE),
          List.of()));
    } else if (was.isPresent() && is.isEmpty()) {
      out.add(new Step.NetworkStep(Action.CREATE, null, was.get().value(), List.of(), EnumSet.noneOf(Mark.class),
          List.of()));
    } else if (was.isPresent() && !was.get().value().equals(is.get().value())) {
      out.add(new Step.NetworkStep(Action.MODIFY, is.get().value(), was.get().value(), List.of(),
          EnumSet.of(Mark.RESTART), List.of()));
    }
  }

  private static void pool(Optional<Owned<Pool>> was, Optional<Owned<Pool>> is, List<Step> out,
      List<String> unrestorable, HostState now, List<ObjectId> ids) {
    if (was.isEmpty() && is.isPresent()) {
      // A pool this apply created holds volumes this apply created (a new pool's volumes come with its create step):
      // they go first, since a pool's storage is deleted only when it is empty. A volume not owned by the pool's
      // owner is left, and the pool's deletion then says why it cannot proceed.
      Pool p = is.get().value();
      for (Volume v : p.attrs().volumes()) {
        String vid = p.name() + "/" + v.name();
        if (!ids.contains(ObjectId.volume(p.name(), v.name())) && is.get().owner() != null
            && is.get().owner().equals(now.volumeOwners().get(vid))) {
          out.add(new Step.VolumeStep(Action.DELETE, p.name(), v, null, List.of(), EnumSet.of(Mark.DESTRUCTIVE),
              List.of()));
        }
      }
      out.add(new Step.PoolStep(Action.DELETE, is.get().value(), null, List.of(), EnumSet.of(Mark.DESTRUCTIVE),
          List.of()));
    } else if (was.isPresent() && is.isEmpty()) {
      Pool p = was.get().value();
      out.add(new Step.PoolStep(Action.CREATE, null, io.vtopo.core.model.Pools.withVolumes(p, List.of()), List.of(),
          EnumSet.noneOf(Mark.class), List.of()));
    } else if (was.isPresent()) {
      List<FieldChange> ch = PlanDiff.pool(is.get().value(), was.get().value());
      if (!ch.isEmpty()) {
        out.add(new Step.PoolStep(Action.MODIFY, is.get().value(), was.get().value(), ch,
            EnumSet.noneOf(Mark.class), List.of()));
      }
    }
  }

  private static void volume(String pool, Optional<Volume> was, Optional<Volume> is, List<Step> out,
      List<String> unrestorable, ObjectId id) {
    if (was.isEmpty() && is.isPresent()) {
      out.add(new Step.VolumeStep(Action.DELETE, pool, is.get(), null, List.of(), EnumSet.of(Mark.DESTRUCTIVE),
          List.of()));
    } else if (was.isPresent() && is.isEmpty()) {
      unrestorable.add(id + ": the volume was deleted; its data cannot be restored");
    } else if (was.isPresent()) {
      List<FieldChange> ch = PlanDiff.volume(is.get(), was.get());
      if (ch.stream().anyMatch(c -> !c.inPlace())) {
        unrestorable.add(id + ": the volume was replaced; its old data cannot be restored");
      } else if (!ch.isEmpty()) {
        out.add(new Step.VolumeStep(Action.MODIFY, pool, is.get(), was.get(), ch, EnumSet.noneOf(Mark.class),
            List.of()));
      }
    }
  }
}
