package io.vtopo.core.plan;

import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Plan-time checks against what the host can do ({@link HostFacts}), for what the file asks that
 * the offline validator cannot know: a link kind the running kernel lacks ({@code host.link-kind})
 * and a TAP owner or group that does not exist on the host ({@code host.tap-owner}, {@code
 * host.tap-group}). Each becomes a refusal naming the object, so the plan says so before anything
 * is applied instead of an apply failing half-way with EOPNOTSUPP or an unknown user. Only objects
 * the plan would create (or, for a TAP's owner and group, set) are checked.
 */
public final class HostChecks {
  private HostChecks() {}

  /**
   * The refusals for {@code desired} on a host that holds {@code live} and can do what {@code
   * facts} say.
   */
  public static List<Refusal> refusals(Topology desired, HostState live, HostFacts facts) {
    if (facts == HostFacts.UNKNOWN) {
      return List.of();
    }
    Map<String, Link> current = new HashMap<>();
    for (Owned<Link> o : live.links()) {
      current.put(o.value().name(), o.value());
    }
    List<Refusal> out = new ArrayList<>();
    // One question per distinct kind, user and group, however many links ask it.
    Map<String, Optional<String>> kinds = new HashMap<>();
    Map<String, Optional<Boolean>> users = new HashMap<>();
    Map<String, Optional<Boolean>> groups = new HashMap<>();
    for (Link l : desired.links()) {
      Link now = current.get(l.name());
      ObjectId id = ObjectId.link(l.name());
      if (!(l instanceof Nic) && (now == null || !now.kind().equals(l.kind()))) {
        Optional<String> why = kinds.computeIfAbsent(l.kind(), facts::unsupportedLinkKind);
        why.ifPresent(
            w ->
                out.add(
                    new Refusal(
                        id,
                        "[host.link-kind] the running kernel cannot create a "
                            + l.kind()
                            + " link ("
                            + w
                            + "); nothing of this plan can be applied on this host",
                        null)));
      }
      if (l instanceof Tap t) {
        Tap was = now instanceof Tap nt ? nt : null;
        if (named(t.owner())
            && (was == null || !Objects.equals(was.owner(), t.owner()))
            && users.computeIfAbsent(t.owner(), facts::userExists).equals(Optional.of(false))) {
          out.add(
              new Refusal(
                  id,
                  "[host.tap-owner] owner '"
                      + t.owner()
                      + "' is not a user on this host"
                      + ("qemu".equals(t.owner()) ? " (Debian's QEMU user is 'libvirt-qemu')" : "")
                      + "; use an existing user name or a numeric uid",
                  null));
        }
        if (named(t.group())
            && (was == null || !Objects.equals(was.group(), t.group()))
            && groups.computeIfAbsent(t.group(), facts::groupExists).equals(Optional.of(false))) {
          out.add(
              new Refusal(
                  id,
                  "[host.tap-group] group '"
                      + t.group()
                      + "' is not a group on this host"
                      + ("qemu".equals(t.group()) ? " (Debian's QEMU group is 'kvm')" : "")
                      + "; use an existing group name or a numeric gid",
                  null));
        }
      }
    }
    return out;
  }

  /** A name to look up; numeric ids are taken as they are (the kernel accepts any uid/gid). */
  private static boolean named(String s) {
    return s != null && !s.isEmpty() && !s.chars().allMatch(Character::isDigit);
  }
}
