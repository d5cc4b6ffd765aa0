package io.vtopo.netlink.sys;

import java.nio.ByteBuffer;

/**
 * Where the client's datagrams go: a real {@link NetlinkSocket}, or a scripted kernel in tests of
 * the protocol logic (sequence and port checks, interrupted dumps, ACK matching).
 */
public interface Transport extends AutoCloseable {
  /** Sends one datagram (position to limit). */
  void send(ByteBuffer data);

  /** The next datagram from the kernel, native order; null on receive timeout. */
  ByteBuffer receive();

  /** Our port id, which every unicast reply carries. */
  int portId();

  /** Bounds how long {@link #receive} blocks. */
  void setReceiveTimeout(int millis);

  @Override
  void close();
}
