package io.vtopo.netlink;

import io.vtopo.netlink.sys.Transport;
import io.vtopo.netlink.wire.Nl;
import io.vtopo.netlink.wire.Replies;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A kernel for tests without sockets: every sent datagram is split into its requests, each handed
 * to {@link #answer}, and what a test queues in {@link #out} is what the client receives.
 */
public abstract class FakeKernel implements Transport {
  /** The replies the client has not read yet, in order. */
  protected final Deque<ByteBuffer> out = new ArrayDeque<>();

  private final int port;

  protected FakeKernel(int port) {
    this.port = port;
  }

  /** Answers the request of {@code len} bytes at {@code p} in {@code b} (native byte order). */
  protected abstract void answer(ByteBuffer b, int p, int len);

  @Override
  public void send(ByteBuffer data) {
    ByteBuffer b = data.slice().order(ByteOrder.nativeOrder());
    int p = 0;
    while (p < b.limit()) {
      int len = Replies.length(b, p);
      answer(b, p, len);
      p += Nl.align(len);
    }
  }

  @Override
  public ByteBuffer receive() {
    return out.poll();
  }

  @Override
  public int portId() {
    return port;
  }

  @Override
  public void setReceiveTimeout(int millis) {}

  @Override
  public void close() {}
}
