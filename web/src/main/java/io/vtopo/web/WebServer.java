package io.vtopo.web;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.reach.Verdict;
import io.vtopo.render.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The read-only HTTP server of {@code vtopo serve}, on netty: the page and its assets, the live
 * topology as JSON, a Server-Sent Events stream of new versions, path queries and single objects.
 * Only GET is served (anything else: 405). When bound to a loopback address it also refuses
 * requests whose {@code Host} is not a loopback name, so a web page elsewhere cannot read the
 * topology through DNS rebinding.
 */
public final class WebServer implements AutoCloseable {
  private static final String RES = "/io/vtopo/web/";
  private static final Map<String, String[]> ASSETS =
      Map.of(
          "/", new String[] {"index.html", "text/html; charset=utf-8"},
          "/index.html", new String[] {"index.html", "text/html; charset=utf-8"},
          "/serve.js", new String[] {"serve.js", "text/javascript; charset=utf-8"},
          "/serve.css", new String[] {"serve.css", "text/css; charset=utf-8"});
  private static final Set<String> LOOPBACK_NAMES =
      Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  private static final String CSP =
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'";
  private static final long HEARTBEAT_SECONDS = 15;

  private final LiveModel model;
  private final EventLoopGroup group;
  private final Channel server;
  private final InetSocketAddress address;
  private final boolean loopbackOnly;
  private final Map<String, byte[]> assets = new LinkedHashMap<>();

  private WebServer(LiveModel model, String bind, int port) {
    this.model = model;
    for (String[] a : ASSETS.values()) {
      assets.put(a[0], resource(a[0]));
    }
    InetAddress addr;
    try {
      addr = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new VtopoException(
          Kind.INVALID_INPUT,
          null,
          "--bind " + bind + ": not an address (" + e.getMessage() + ")",
          e);
    }
    this.loopbackOnly = addr.isLoopbackAddress();
    this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      ServerBootstrap b =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(
                              new HttpServerCodec(),
                              new HttpObjectAggregator(64 * 1024),
                              new Handler());
                    }
                  });
      ChannelFuture f = b.bind(addr, port).awaitUninterruptibly();
      if (!f.isSuccess()) {
        throw new VtopoException(
            Kind.UNAVAILABLE,
            null,
            "cannot listen on "
                + bind
                + " port "
                + port
                + ": "
                + f.cause().getMessage()
                + (port != 0 ? "; pick another --port, or --port 0 for any free one" : ""),
            f.cause());
      }
      this.server = f.channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
    this.address = (InetSocketAddress) server.localAddress();
  }

  /**
   * Starts serving {@code model}.
   *
   * @param bind the address to listen on ({@code 127.0.0.1} unless the operator says otherwise)
   * @param port the port, 0 for an ephemeral one
   */
  public static WebServer start(LiveModel model, String bind, int port) {
    return new WebServer(model, bind, port);
  }

  /** The bound address (with the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return address;
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public URI url() {
    String host = address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort() + "/");
  }

  /** Stops listening, closes every connection (event streams included) and the event loop. */
  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static byte[] resource(String name) {
    try (InputStream in = WebServer.class.getResourceAsStream(RES + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RES + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      if (!req.decoderResult().isSuccess()) {
        send(ctx, false, text(HttpResponseStatus.BAD_REQUEST, "malformed request\n"));
        return;
      }
      if (!req.method().equals(HttpMethod.GET)) {
        FullHttpResponse r =
            text(
                HttpResponseStatus.METHOD_NOT_ALLOWED,
                "vtopo serve is read-only: " + req.method() + " is not allowed, only GET\n");
        r.headers().set(HttpHeaderNames.ALLOW, "GET");
        send(ctx, keepAlive, r);
        return;
      }
      if (loopbackOnly && !loopbackHost(req.headers().get(HttpHeaderNames.HOST))) {
        send(
            ctx,
            false,
            text(
                HttpResponseStatus.FORBIDDEN,
                "Host '"
                    + req.headers().get(HttpHeaderNames.HOST)
                    + "' refused: this server is bound to loopback and answers only to localhost, 127.0.0.1 or [::1]\n"));
        return;
      }
      QueryStringDecoder q = new QueryStringDecoder(req.uri());
      String path = q.path();
      String[] asset = ASSETS.get(path);
      if (asset != null) {
        send(ctx, keepAlive, response(HttpResponseStatus.OK, asset[1], assets.get(asset[0])));
      } else if (path.equals("/api/topology")) {
        String doc = model.topologyJson();
        send(
            ctx,
            keepAlive,
            doc == null
                ? json(
                    HttpResponseStatus.SERVICE_UNAVAILABLE, error("the host has not been read yet"))
                : json(HttpResponseStatus.OK, doc));
      } else if (path.equals("/api/events")) {
        events(ctx);
      } else if (path.equals("/api/path")) {
        send(ctx, keepAlive, path(q.parameters()));
      } else if (path.startsWith("/api/object/")) {
        String id = path.substring("/api/object/".length());
        LiveView v = model.view();
        LiveView.Obj o = v == null ? null : v.object(id);
        send(
            ctx,
            keepAlive,
            o == null
                ? json(
                    HttpResponseStatus.NOT_FOUND,
                    error(
                        "no object '"
                            + id
                            + "' (ids look like link:br0, network:lab, pool:img, volume:img/a.qcow2, vm:web1)"))
                : json(HttpResponseStatus.OK, LiveView.objectJson(o)));
      } else {
        send(
            ctx,
            keepAlive,
            path.startsWith("/api/")
                ? json(
                    HttpResponseStatus.NOT_FOUND,
                    error(
                        "no endpoint "
                            + path
                            + "; try /api/topology, /api/events,"
                            + " /api/path?from=A&to=B, /api/object/ID"))
                : text(HttpResponseStatus.NOT_FOUND, "not found: " + path + "\n"));
      }
    }

    private FullHttpResponse path(Map<String, List<String>> params) {
      String from = first(params, "from");
      String to = first(params, "to");
      if (from == null || to == null || from.isBlank() || to.isBlank()) {
        return json(
            HttpResponseStatus.BAD_REQUEST, error("/api/path needs from=VM and to=VM (or VM/NIC)"));
      }
      Verdict v;
      try {
        v = model.path(from.strip(), to.strip());
      } catch (IllegalArgumentException | IllegalStateException e) {
        return json(HttpResponseStatus.BAD_REQUEST, error(e.getMessage()));
      }
      Map<String, Object> m = verdict(v);
      // The same question on the host as it is: drift (a missing TAP, a foreign port) can break
      // what the file joins.
      try {
        m.put("onHost", verdict(model.pathOnHost(from.strip(), to.strip())));
      } catch (RuntimeException e) {
        m.put("onHost", Map.of("error", String.valueOf(e.getMessage())));
      }
      return json(HttpResponseStatus.OK, Json.compact(m));
    }

    private void events(ChannelHandlerContext ctx) {
      HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
      r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
      r.headers().set("X-Content-Type-Options", "nosniff");
      HttpUtil.setTransferEncodingChunked(r, true);
      ctx.write(r);
      Channel ch = ctx.channel();
      // Reconnect quickly after a restart of the server; then the current version, then every new
      // one.
      String now = model.topologyJson();
      ctx.writeAndFlush(chunk("retry: 1000\n\n" + (now == null ? "" : event(now))));
      Runnable stop =
          model.listen(
              doc ->
                  ch.eventLoop()
                      .execute(
                          () -> {
                            if (ch.isActive()) {
                              ch.writeAndFlush(chunk(event(doc)));
                            }
                          }));
      ScheduledFuture<?> beat =
          ch.eventLoop()
              .scheduleAtFixedRate(
                  () -> {
                    if (ch.isActive()) {
                      ch.writeAndFlush(chunk(": keep-alive\n\n"));
                    }
                  },
                  HEARTBEAT_SECONDS,
                  HEARTBEAT_SECONDS,
                  TimeUnit.SECONDS);
      ch.closeFuture()
          .addListener(
              f -> {
                stop.run();
                beat.cancel(false);
              });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A browser closing a tab resets its connections: nothing to report.
      ctx.close();
    }
  }

  private static Map<String, Object> verdict(Verdict v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", v.from());
    m.put("to", v.to());
    m.put("reachable", v.reachable());
    m.put("hops", v.hops());
    m.put("explanation", v.explanation());
    m.put("warnings", v.warnings());
    m.put("text", v.text());
    return m;
  }

  private static String event(String doc) {
    return "event: topology\ndata: " + doc + "\n\n";
  }

  private static DefaultHttpContent chunk(String s) {
    return new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
  }

  private static String first(Map<String, List<String>> p, String k) {
    List<String> v = p.get(k);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  static boolean loopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      h = end < 0 ? h : h.substring(0, end + 1);
    } else if (h.indexOf(':') == h.lastIndexOf(':') && h.contains(":")) {
      h = h.substring(0, h.indexOf(':'));
    }
    return LOOPBACK_NAMES.contains(h);
  }

  private static String error(String message) {
    return Json.compact(Map.of("error", message));
  }

  private static FullHttpResponse text(HttpResponseStatus s, String body) {
    return response(s, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static FullHttpResponse json(HttpResponseStatus s, String body) {
    return response(s, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static FullHttpResponse response(HttpResponseStatus s, String type, byte[] body) {
    ByteBuf buf = Unpooled.wrappedBuffer(body);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s, buf);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    r.headers().set("X-Content-Type-Options", "nosniff");
    r.headers().set("Content-Security-Policy", CSP);
    return r;
  }

  private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse r) {
    if (keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(r);
    } else {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
