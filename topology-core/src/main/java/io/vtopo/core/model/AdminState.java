package io.vtopo.core.model;

/** Administrative state of a link ({@code ip link set NAME up|down}). */
public enum AdminState {
  UP,
  DOWN
}
