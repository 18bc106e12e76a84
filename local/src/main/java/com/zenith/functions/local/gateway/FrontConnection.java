package com.zenith.functions.local.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One client connection to a gateway port: reads requests one after the other (pipelined ones wait
 * their turn), hands each to the call {@link FrontRouter} chooses, and once a CONNECT tunnel is up
 * relays raw bytes. Event-loop confined.
 */
final class FrontConnection extends ChannelInboundHandlerAdapter implements ClientClock.Client {
  /** The HTTP codec's name in a pipeline, removed when a tunnel starts. */
  static final String CODEC = "http";

  private static final int MAX_WAITING = 64;

  final FrontServer server;
  ChannelHandlerContext ctx;
  Upstreams.Loop loop;
  private final ArrayDeque<Object> waiting = new ArrayDeque<>(2);
  private FrontCall exchange;
  private boolean requestEnded;
  private final FrontRouter router = new FrontRouter(this);

  /** This connection's line to the engine's server, for what it relays. */
  final EngineLine engine = new EngineLine(this);

  private boolean tunnel;
  private Upstream tunnelLine;
  private boolean closing;
  private String remoteHost;
  private int counterPort;
  private java.util.concurrent.atomic.AtomicInteger counter;
  private ClientClock clock;
  private boolean continuePending;
  private long unwritableSince;
  private ChannelHandlerContext codecCtx;

  FrontConnection(FrontServer server) {
    this.server = server;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.loop = server.upstreams.of((EventLoop) ctx.channel().eventLoop());
    this.codecCtx = ctx.pipeline().context(CODEC);
    clock = (ClientClock) ctx.pipeline().get(ClientClock.NAME);
    if (clock != null) {
      clock.start(this);
    }
  }

  FrontRouter router() {
    return router;
  }

  Channel channel() {
    return ctx.channel();
  }

  /** The in-flight count of {@code port}, remembered for the next request (counters stay). */
  java.util.concurrent.atomic.AtomicInteger inFlight(int port) {
    if (counter == null || counterPort != port) {
      counter = server.routes.inFlightCounter(port);
      counterPort = port;
    }
    return counter;
  }

  /** The client's address, as X-Forwarded-For gives it. */
  String remoteHost() {
    if (remoteHost == null) {
      remoteHost =
          ctx.channel().remoteAddress() instanceof InetSocketAddress a
              ? a.getAddress().getHostAddress()
              : "127.0.0.1";
    }
    return remoteHost;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (tunnel) {
      tunnelLine.channel.write(msg);
      return;
    }
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if ((exchange != null && requestEnded) || !waiting.isEmpty()) {
      waiting.add(msg); // pipelined: after the answer in progress
      if (waiting.size() > MAX_WAITING) {
        ctx.channel().config().setAutoRead(false);
      }
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest req) {
      begin(req);
    }
    if (msg instanceof HttpContent c) {
      if (exchange == null) {
        c.release(); // the rest of a request already answered and closing
        return;
      }
      boolean last = c instanceof LastHttpContent;
      if (last) {
        requestEnded = true;
      }
      FrontCall x = exchange;
      x.requestContent(c);
      if (last && x.responseEnded() && exchange == x) {
        next();
      }
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void begin(HttpRequest req) {
    long start = System.nanoTime();
    requestEnded = false;
    if (clock != null) {
      clock.headRead();
    }
    // Until an interim or final answer, such a client waits for us, not we for it.
    continuePending = io.netty.handler.codec.http.HttpUtil.is100ContinueExpected(req);
    if (req.decoderResult().isFailure()) {
      refuse(req.decoderResult().cause());
      return;
    }
    exchange = router.route(req, start);
    exchange.start(); // after the assignment: it may answer at once (a refused port)
  }

  /** A request the decoder could not read: 431, 414 or 400, as Vert.x answers, then close. */
  private void refuse(Throwable cause) {
    HttpResponseStatus status =
        cause instanceof TooLongHttpHeaderException
            ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
            : cause instanceof TooLongHttpLineException
                ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongFrameException
                    ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
    closeAfter(FrontReplies.bare(status));
  }

  /**
   * Writes an interim (1xx) answer's bytes past the HTTP encoder, which counts every answer it
   * encodes as the end of one request.
   */
  void writeInterim(ByteBuf bytes) {
    continuePending = false;
    ctx.pipeline().context(CODEC).writeAndFlush(bytes);
  }

  /** Writes bytes of an answer past the HTTP encoder (the raw path's, {@link RawForward}). */
  void writeRaw(ByteBuf bytes) {
    codecCtx.write(bytes);
  }

  /** True when a new request may begin on the raw path: none in progress, none waiting. */
  boolean idle() {
    return exchange == null && waiting.isEmpty() && !closing && !tunnel;
  }

  /** True once the connection is closing: what the client sends is dropped. */
  boolean closing() {
    return closing;
  }

  /** A request {@link RawFront} read from bytes begins; {@code whole}: its body is all here. */
  void beginRaw(FrontCall x, boolean whole) {
    requestEnded = whole;
    continuePending = false;
    if (clock != null) {
      clock.headRead();
    }
    exchange = x;
    x.start();
  }

  /** The body of {@code x}, a raw request, is all read. */
  void rawRequestEnded(FrontCall x) {
    if (exchange != x) {
      return;
    }
    requestEnded = true;
    if (x.responseEnded()) {
      next();
    }
  }

  /**
   * {@code now} takes over from {@code held}, the call in progress, for the rest of its request.
   */
  void handOver(FrontCall held, FrontCall now) {
    if (exchange == held) {
      exchange = now;
    }
  }

  /** Writes {@code msg}, then closes the connection; nothing more is read. */
  void closeAfter(Object msg) {
    closing = true;
    ctx.writeAndFlush(msg).addListener(ChannelFutureListener.CLOSE);
  }

  /** The exchange's answer is complete; the next request goes once its own has been read. */
  void responseEnded(FrontCall x) {
    if (x != exchange) {
      return;
    }
    if (requestEnded) {
      next();
      return;
    }
    // Answered while the body still comes (413, 504...): read the rest, to drop it, even if the
    // line it was going to (now closed) had paused the client; all of it within the timeout.
    if (clock != null) {
      clock.linger();
    }
    if (!ctx.channel().config().isAutoRead()) {
      resumeReading();
    }
  }

  private void next() {
    exchange = null;
    continuePending = false;
    if (clock != null) {
      clock.settled();
      clock.restart();
    }
    while (!closing && !waiting.isEmpty() && !(exchange != null && requestEnded)) {
      dispatch(waiting.poll());
    }
    if (exchange != null) {
      exchange.flushUpstream(); // what was waiting went out here, not in a read of the client
    }
    if (waiting.isEmpty() && !closing && !ctx.channel().config().isAutoRead()) {
      resumeReading();
    }
  }

  /**
   * A CONNECT was answered 2xx by the engine's server, or a function switched protocols (101, a
   * WebSocket): from now on raw bytes both ways with {@code u}.
   */
  void startTunnel(Upstream u) {
    exchange = null;
    tunnel = true;
    tunnelLine = u;
    u.tunnelTo(ctx.channel());
    u.channel.pipeline().remove(CODEC); // bytes it buffered go on to the tunnel, in order
    ctx.pipeline().remove(CODEC);
    for (Object m; (m = waiting.poll()) != null; ) {
      ReferenceCountUtil.release(m);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (tunnel) {
      tunnelLine.channel.flush();
    } else if (exchange != null) {
      exchange.flushUpstream();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    boolean writable = ctx.channel().isWritable();
    unwritableSince = writable ? 0 : System.nanoTime();
    if (tunnel) {
      tunnelLine.channel.config().setAutoRead(writable);
    } else if (exchange != null) {
      exchange.clientWritable(writable);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    if (exchange != null) {
      exchange.clientGone();
    }
    engine.close();
    if (tunnelLine != null) {
      tunnelLine.channel.close();
    }
    for (Object m; (m = waiting.poll()) != null; ) {
      ReferenceCountUtil.release(m);
    }
  }

  /** Reads again after the gateway paused the client; the client's clock restarts. */
  void resumeReading() {
    ctx.channel().config().setAutoRead(true);
    if (clock != null) {
      clock.restart();
    }
  }

  @Override
  public boolean waitingForClient() {
    return !tunnel
        && !closing
        && !continuePending
        && ctx.channel().config().isAutoRead()
        && (exchange == null || !requestEnded);
  }

  @Override
  public boolean betweenRequests() {
    return exchange == null && !tunnel;
  }

  @Override
  public long unwritableSince() {
    return tunnel || closing ? 0 : unwritableSince;
  }

  @Override
  public void clientTimedOut() {
    if (exchange != null) {
      exchange.clientTimedOut();
    }
    closing = true;
    ctx.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a reset by the client, mostly: channelInactive ends what was in progress
  }
}
