package io.vtopo.virtnet;

import io.vtopo.core.model.Network;
import java.util.List;

/**
 * A libvirt network as read from its XML: the modelled part, vtopo's ownership marker, and what
 * vtopo does not model.
 *
 * @param network the modelled part ({@code autostart} is null: it is not part of the XML; {@code
 *     mode} is null for a forward mode vtopo does not model)
 * @param owner the topology recorded in vtopo's {@code <metadata>} marker, or null for a foreign
 *     network
 * @param uuid libvirt's UUID, or null; kept so that redefining a network keeps its identity
 * @param unmodelled paths of elements and attributes vtopo does not model (e.g. {@code bandwidth},
 *     {@code ip[192.0.2.1]/tftp}, {@code forward@trustGuestRxFilters}), in document order
 * @param source the XML text it was parsed from; {@link NetworkXml#render(Network, String,
 *     ParsedNetwork)} copies the unmodelled parts from it into a redefinition
 */
public record ParsedNetwork(
    Network network, String owner, String uuid, List<String> unmodelled, String source) {
  /** Copies the list. */
  public ParsedNetwork {
    unmodelled = List.copyOf(unmodelled);
  }
}
