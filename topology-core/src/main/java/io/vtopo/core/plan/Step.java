package io.vtopo.core.plan;

import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Volume;
import java.util.List;
import java.util.Set;

/** One step of a plan, per object family. Steps are values: the plan is pure data. */
public sealed interface Step permits Step.LinkStep, Step.NetworkStep, Step.PoolStep, Step.VolumeStep {
  /** What the step does. */
  Action action();

  /** Object id as in the graph: {@code link:br0}, {@code network:lab}, {@code pool:img}, {@code volume:img/a}. */
  ObjectId id();

  /** The object's kind or type for display ({@code bridge}, {@code nat}, {@code dir}, {@code qcow2}). */
  String kind();

  /** Fields that differ (modify/replace). */
  List<FieldChange> changes();

  /** Disruptive, destructive, restart or live-update marks. */
  Set<Mark> marks();

  /** What else is affected, e.g. {@code vm web1 (eth0 via tap-web1)}. */
  List<String> impact();

  /**
   * A link step.
   *
   * @param action action
   * @param current live link, or null for create
   * @param desired desired link, or null for delete
   * @param changes differing fields
   * @param marks marks
   * @param impact affected VMs and objects
   */
  record LinkStep(Action action, Link current, Link desired, List<FieldChange> changes, Set<Mark> marks,
      List<String> impact) implements Step {
    @Override
    public ObjectId id() {
      return ObjectId.link((desired != null ? desired : current).name());
    }

    @Override
    public String kind() {
      return (desired != null ? desired : current).kind();
    }
  }

  /**
   * A libvirt network step.
   *
   * @param action action
   * @param current live network, or null
   * @param desired desired network, or null
   * @param changes differing fields
   * @param marks marks
   * @param impact affected VMs
   */
  record NetworkStep(Action action, Network current, Network desired, List<FieldChange> changes, Set<Mark> marks,
      List<String> impact) implements Step {
    @Override
    public ObjectId id() {
      return ObjectId.network((desired != null ? desired : current).name());
    }

    @Override
    public String kind() {
      return (desired != null ? desired : current).mode().keyword();
    }
  }

  /**
   * A storage pool step; creating a pool creates its declared volumes with it.
   *
   * @param action action
   * @param current live pool, or null
   * @param desired desired pool, or null
   * @param changes differing fields
   * @param marks marks
   * @param impact affected volumes
   */
  record PoolStep(Action action, Pool current, Pool desired, List<FieldChange> changes, Set<Mark> marks,
      List<String> impact) implements Step {
    @Override
    public ObjectId id() {
      return ObjectId.pool((desired != null ? desired : current).name());
    }

    @Override
    public String kind() {
      return (desired != null ? desired : current).type();
    }
  }

  /**
   * A volume step in an existing pool.
   *
   * @param action action
   * @param pool pool name
   * @param current live volume, or null
   * @param desired desired volume, or null
   * @param changes differing fields
   * @param marks marks
   * @param impact affected objects (overlays on this volume)
   */
  record VolumeStep(Action action, String pool, Volume current, Volume desired, List<FieldChange> changes,
      Set<Mark> marks, List<String> impact) implements Step {
    @Override
    public ObjectId id() {
      return ObjectId.volume(pool, (desired != null ? desired : current).name());
    }

    @Override
    public String kind() {
      var v = desired != null ? desired : current;
      return v.format() == null ? "raw" : v.format().keyword();
    }
  }
}
