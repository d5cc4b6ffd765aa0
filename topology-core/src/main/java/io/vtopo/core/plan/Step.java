package io.vtopo.core.plan;

import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.VmDevice;
import io.vtopo.core.model.Volume;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** One step of a plan, per object family. Steps are values: the plan is pure data. */
public sealed interface Step
    permits Step.LinkStep, Step.NetworkStep, Step.PoolStep, Step.VolumeStep, Step.DeviceStep {
  /** What the step does. */
  Action action();

  /**
   * Object id as in the graph: {@code link:br0}, {@code network:lab}, {@code pool:img}, {@code
   * volume:img/a}.
   */
  ObjectId id();

  /**
   * The object's kind or type for display ({@code bridge}, {@code nat}, {@code dir}, {@code
   * qcow2}).
   */
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
  record LinkStep(
      Action action,
      Link current,
      Link desired,
      List<FieldChange> changes,
      Set<Mark> marks,
      List<String> impact)
      implements Step {
    @Override
    public ObjectId id() {
      return ObjectId.link((desired != null ? desired : current).name());
    }

    @Override
    public String kind() {
      return (desired != null ? desired : current).kind();
    }

    /** Creates {@code desired}. */
    public static LinkStep create(Link desired) {
      return new LinkStep(
          Action.CREATE, null, desired, List.of(), EnumSet.noneOf(Mark.class), List.of());
    }

    /** Deletes {@code current}, disrupting what {@code impact} names. */
    public static LinkStep delete(Link current, List<String> impact) {
      return new LinkStep(
          Action.DELETE, current, null, List.of(), EnumSet.of(Mark.DISRUPTIVE), impact);
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
  record NetworkStep(
      Action action,
      Network current,
      Network desired,
      List<FieldChange> changes,
      Set<Mark> marks,
      List<String> impact)
      implements Step {
    @Override
    public ObjectId id() {
      return ObjectId.network((desired != null ? desired : current).name());
    }

    @Override
    public String kind() {
      return (desired != null ? desired : current).mode().keyword();
    }

    /** Creates {@code desired}. */
    public static NetworkStep create(Network desired) {
      return new NetworkStep(
          Action.CREATE, null, desired, List.of(), EnumSet.noneOf(Mark.class), List.of());
    }

    /** Deletes {@code current}, disrupting what {@code impact} names. */
    public static NetworkStep delete(Network current, List<String> impact) {
      return new NetworkStep(
          Action.DELETE, current, null, List.of(), EnumSet.of(Mark.DISRUPTIVE), impact);
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
  record PoolStep(
      Action action,
      Pool current,
      Pool desired,
      List<FieldChange> changes,
      Set<Mark> marks,
      List<String> impact)
      implements Step {
    @Override
    public ObjectId id() {
      return ObjectId.pool((desired != null ? desired : current).name());
    }

    @Override
    public String kind() {
      return (desired != null ? desired : current).type();
    }

    /** Creates {@code desired}; {@code impact} names the volumes created with it. */
    public static PoolStep create(Pool desired, List<String> impact) {
      return new PoolStep(
          Action.CREATE, null, desired, List.of(), EnumSet.noneOf(Mark.class), impact);
    }

    /** Deletes {@code current}: destructive when its storage goes with it. */
    public static PoolStep delete(Pool current, Set<Mark> marks, List<String> impact) {
      return new PoolStep(Action.DELETE, current, null, List.of(), marks, impact);
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
  record VolumeStep(
      Action action,
      String pool,
      Volume current,
      Volume desired,
      List<FieldChange> changes,
      Set<Mark> marks,
      List<String> impact)
      implements Step {
    @Override
    public ObjectId id() {
      return ObjectId.volume(pool, (desired != null ? desired : current).name());
    }

    @Override
    public String kind() {
      var v = desired != null ? desired : current;
      return v.format() == null ? "raw" : v.format().keyword();
    }

    /** Creates {@code desired} in {@code pool}. */
    public static VolumeStep create(String pool, Volume desired) {
      return new VolumeStep(
          Action.CREATE, pool, null, desired, List.of(), EnumSet.noneOf(Mark.class), List.of());
    }

    /** Deletes {@code current} from {@code pool}, with its data. */
    public static VolumeStep delete(String pool, Volume current) {
      return new VolumeStep(
          Action.DELETE, pool, current, null, List.of(), EnumSet.of(Mark.DESTRUCTIVE), List.of());
    }
  }

  /**
   * A device of a libvirt domain: attach (CREATE), update (MODIFY) or detach (DELETE), labelled
   * with what the running guest sees. vtopo never creates or deletes the domain itself.
   *
   * @param action action
   * @param vm the VM's name in the file
   * @param domain the libvirt domain
   * @param current the device as the domain has it (persistent XML, or live where only the live XML
   *     has it), or null
   * @param desired the device as the file declares it, or null
   * @param liveTarget the device to put into the live XML, or null to leave the running guest alone
   * @param configTarget the device to put into the persistent XML, or null to leave it alone
   * @param effect what the running guest sees
   * @param changes differing fields, each labelled {@code live} or {@code next boot} in its value
   * @param marks marks
   * @param impact what else is affected
   */
  record DeviceStep(
      Action action,
      String vm,
      String domain,
      VmDevice current,
      VmDevice desired,
      VmDevice liveTarget,
      VmDevice configTarget,
      DeviceEffect effect,
      List<FieldChange> changes,
      Set<Mark> marks,
      List<String> impact)
      implements Step {
    @Override
    public ObjectId id() {
      return (desired != null ? desired : current).id(vm);
    }

    @Override
    public String kind() {
      VmDevice d = desired != null ? desired : current;
      if (d instanceof io.vtopo.core.model.Vnic n) {
        return n.attachment().kind().name().toLowerCase(java.util.Locale.ROOT) + " vnic";
      }
      io.vtopo.core.model.Disk k = (io.vtopo.core.model.Disk) d;
      return (k.device() == null ? "disk" : k.device())
          + " ("
          + k.source().kind().name().toLowerCase(java.util.Locale.ROOT)
          + ")";
    }
  }
}
