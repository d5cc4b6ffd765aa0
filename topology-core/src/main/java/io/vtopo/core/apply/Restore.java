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
 * Computes the steps that bring touched objects back to a snapshot, from whatever state a failed or
 * killed apply left: an object that did not exist is deleted, one that was deleted is created
 * again, one that was changed is changed back. Works the same whether a step completed,
 * half-completed or never ran, because it compares live state with the snapshot instead of
 * replaying inverses.
 *
 * <p>Ownership is proved, never assumed: an object the snapshot lacks is deleted only when it
 * carries this topology's mark now (a link's alias, a network's metadata, a pool's or volume's
 * registry entry). One without it appeared behind vtopo's back (another tool created it between the
 * plan and the create, which then failed with "exists") and is reported in {@code foreign} and left
 * exactly as it is; so is an object the topology owned before the apply that someone else has
 * replaced meanwhile.
 */
public final class Restore {
  private Restore() {}

  /**
   * Restore steps for the ids (given in apply order; restored in reverse).
   *
   * @param ids touched object ids in the order the apply touched them
   * @param before the snapshot
   * @param now the live state now
   * @param owner the topology whose apply is undone: only objects carrying its mark are deleted
   * @param unrestorable receives objects whose data cannot come back (deleted or replaced volumes)
   * @param foreign receives objects that are not this topology's and are left alone, with the
   *     reason
   */
  public static List<Step> steps(
      List<ObjectId> ids,
      Snapshot before,
      HostState now,
      String owner,
      List<String> unrestorable,
      List<String> foreign) {
    Snapshot live = Snapshot.of(now);
    List<Step> out = new ArrayList<>();
    for (int i = ids.size() - 1; i >= 0; i--) {
      ObjectId id = ids.get(i);
      switch (id.kind()) {
        case LINK -> {
          if (ours(id, before.link(id), live.link(id), owner, foreign)) {
            link(before.link(id), live.link(id), out);
          }
        }
        case NETWORK -> {
          if (ours(id, before.network(id), live.network(id), owner, foreign)) {
            network(before.network(id), live.network(id), out);
          }
        }
        case POOL -> {
          if (ours(id, before.pool(id), live.pool(id), owner, foreign)) {
            if (before.pool(id).isEmpty() && live.pool(id).isPresent()) {
              // A pool this apply created: pool() deletes the volumes the apply created along with
              // it first; another
              // tool's volume in it stays, and so does the pool (its deletion is then refused as
              // not empty).
              for (Volume v : live.pool(id).get().value().attrs().volumes()) {
                ObjectId vid = ObjectId.volume(id.name(), v.name());
                if (!ids.contains(vid) && !owner.equals(live.volumeOwner(vid))) {
                  foreign.add(
                      vid
                          + ": appeared during the apply in a pool the apply created and is "
                          + whose(live.volumeOwner(vid))
                          + "; left untouched");
                }
              }
            }
            pool(before.pool(id), live.pool(id), out, unrestorable, now, ids);
          }
        }
        case VOLUME -> {
          Optional<Volume> is = live.volume(id);
          String nowOwner = live.volumeOwner(id);
          boolean mine =
              is.isEmpty()
                  || owner.equals(nowOwner)
                  || before.volume(id).isPresent()
                      && before.volumeOwner(id) == null
                      && nowOwner == null;
          if (mine) {
            volume(id.parent(), before.volume(id), is, out, unrestorable, id);
          } else {
            foreign.add(
                leftAlone(
                    id, before.volume(id).isPresent(), before.volumeOwner(id) != null, nowOwner));
          }
        }
        // Domains' devices are restored from the domain backend's checkpoint of their live and
        // persistent XML.
        case VM, VNIC, DISK -> {}
        default -> throw new IllegalStateException("no restore for " + id);
      }
    }
    return out;
  }

  /**
   * Whether rollback may act on this object: it is absent now, or carries {@code owner}'s mark now,
   * or it existed before the apply without any topology's mark and still has none (a NIC the file
   * configures: declaring it is consent). Anything else (an object that appeared without our mark,
   * one of ours that another tool replaced, one another topology owns) is reported and left alone.
   */
  private static <T> boolean ours(
      ObjectId id,
      Optional<Owned<T>> was,
      Optional<Owned<T>> is,
      String owner,
      List<String> foreign) {
    if (is.isEmpty() || is.get().ownedBy(owner)) {
      return true;
    }
    if (was.isPresent() && !was.get().isOwned() && !is.get().isOwned()) {
      return true;
    }
    foreign.add(
        leftAlone(
            id, was.isPresent(), was.isPresent() && was.get().ownedBy(owner), is.get().owner()));
    return false;
  }

  /**
   * Why rollback leaves {@code id} alone: it appeared during the apply, or replaced the object this
   * topology owned before it, and is now {@code nowOwner}'s (null: nobody's).
   */
  private static String leftAlone(ObjectId id, boolean existed, boolean wasOurs, String nowOwner) {
    return id
        + ": "
        + (!existed
            ? "appeared during the apply and is "
            : wasOurs ? "was replaced during the apply by an object that is " : "")
        + whose(nowOwner)
        + "; left untouched";
  }

  private static String whose(String liveOwner) {
    return liveOwner == null ? "not vtopo's" : "owned by topology " + liveOwner;
  }

  private static void link(Optional<Owned<Link>> was, Optional<Owned<Link>> is, List<Step> out) {
    if (was.isEmpty() && is.isPresent()) {
      out.add(Step.LinkStep.delete(is.get().value(), List.of()));
    } else if (was.isPresent() && is.isEmpty()) {
      if (!(was.get().value() instanceof Nic)) {
        out.add(Step.LinkStep.create(was.get().value()));
      }
    } else if (was.isPresent()) {
      List<FieldChange> ch = PlanDiff.link(is.get().value(), was.get().value());
      if (!ch.isEmpty()) {
        boolean replace = ch.stream().anyMatch(c -> !c.inPlace());
        out.add(
            new Step.LinkStep(
                replace ? Action.REPLACE : Action.MODIFY,
                is.get().value(),
                was.get().value(),
                ch,
                EnumSet.of(Mark.DISRUPTIVE),
                List.of()));
      }
    }
  }

  private static void network(
      Optional<Owned<Network>> was, Optional<Owned<Network>> is, List<Step> out) {
    if (was.isEmpty() && is.isPresent()) {
      out.add(Step.NetworkStep.delete(is.get().value(), List.of()));
    } else if (was.isPresent() && is.isEmpty()) {
      out.add(Step.NetworkStep.create(was.get().value()));
    } else if (was.isPresent() && !was.get().value().equals(is.get().value())) {
      out.add(
          new Step.NetworkStep(
              Action.MODIFY,
              is.get().value(),
              was.get().value(),
              List.of(),
              EnumSet.of(Mark.RESTART),
              List.of()));
    }
  }

  private static void pool(
      Optional<Owned<Pool>> was,
      Optional<Owned<Pool>> is,
      List<Step> out,
      List<String> unrestorable,
      HostState now,
      List<ObjectId> ids) {
    if (was.isEmpty() && is.isPresent()) {
      // A pool this apply created holds volumes this apply created (a new pool's volumes come with
      // its create step):
      // they go first, since a pool's storage is deleted only when it is empty. A volume not owned
      // by the pool's
      // owner is left, and the pool's deletion then says why it cannot proceed.
      Pool p = is.get().value();
      for (Volume v : p.attrs().volumes()) {
        String vid = p.name() + "/" + v.name();
        if (!ids.contains(ObjectId.volume(p.name(), v.name()))
            && is.get().owner() != null
            && is.get().owner().equals(now.volumeOwners().get(vid))) {
          out.add(Step.VolumeStep.delete(p.name(), v));
        }
      }
      out.add(Step.PoolStep.delete(is.get().value(), EnumSet.of(Mark.DESTRUCTIVE), List.of()));
    } else if (was.isPresent() && is.isEmpty()) {
      Pool p = was.get().value();
      out.add(Step.PoolStep.create(io.vtopo.core.model.Pools.withVolumes(p, List.of()), List.of()));
    } else if (was.isPresent()) {
      List<FieldChange> ch = PlanDiff.pool(is.get().value(), was.get().value());
      if (!ch.isEmpty()) {
        out.add(
            new Step.PoolStep(
                Action.MODIFY,
                is.get().value(),
                was.get().value(),
                ch,
                EnumSet.noneOf(Mark.class),
                List.of()));
      }
    }
  }

  private static void volume(
      String pool,
      Optional<Volume> was,
      Optional<Volume> is,
      List<Step> out,
      List<String> unrestorable,
      ObjectId id) {
    if (was.isEmpty() && is.isPresent()) {
      out.add(Step.VolumeStep.delete(pool, is.get()));
    } else if (was.isPresent() && is.isEmpty()) {
      unrestorable.add(id + ": the volume was deleted; its data cannot be restored");
    } else if (was.isPresent()) {
      List<FieldChange> ch = PlanDiff.volume(is.get(), was.get());
      if (ch.stream().anyMatch(c -> !c.inPlace())) {
        unrestorable.add(id + ": the volume was replaced; its old data cannot be restored");
      } else if (!ch.isEmpty()) {
        out.add(
            new Step.VolumeStep(
                Action.MODIFY,
                pool,
                is.get(),
                was.get(),
                ch,
                EnumSet.noneOf(Mark.class),
                List.of()));
      }
    }
  }
}
