package io.vtopo.core.graph;

import io.vtopo.core.model.ObjectId;

/**
 * An object of the topology as a graph vertex.
 *
 * @param id unique id: {@code link:br0}, {@code network:lab}, {@code pool:images}, {@code
 *     volume:images/base.qcow2}, {@code vm:web1}, {@code vnic:web1/0}
 * @param type the object's kind: a link kind ({@code bridge}, {@code tap}...), {@code network},
 *     {@code pool}, {@code volume}, {@code vm} or {@code vnic}
 * @param name the object's name ({@code web1/0} for a vNIC)
 * @param layer drawing layer, from physical (0) up to VMs and storage
 */
public record Vertex(ObjectId id, String type, String name, int layer)
    implements Comparable<Vertex> {
  /** Ids are unique, so equality is by id alone (and hashing stays cheap in jgrapht's maps). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Vertex v && v.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public int compareTo(Vertex o) {
    int c = Integer.compare(layer, o.layer);
    return c != 0 ? c : id.toString().compareTo(o.id.toString());
  }
}
