package com.zenith.functions.local.events;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.collection.IntObjectHashMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The broker's HTTP client for deliveries: bare Netty on one event loop of its own, with up to
 * {@code connectionsPerPort} keep-alive connections to each subscriber's port and a queue for the
 * deliveries that wait for one. It replaced Vert.x's client (before that the JDK's), whose futures,
 * header maps and buffers were the largest part of the broker's CPU per event (JFR, bench/events).
 */
final class SubscriberClient implements AutoCloseable {
  /** A pooled connection idle longer than this is closed rather than reused. */
  private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);

  /**
   * A subscriber's answer: status, headers (names in lower case), the body's length and the body
   * itself, or nothing of it when it was longer than the client keeps.
   */
  record Answer(int status, Map<String, List<String>> headers, long length, byte[] body) {
    /** The first value of header {@code name} (lower case), or null. */
    String header(String name) {
      List<String> v = headers.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  private final Vertx vertx;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final int connectionsPerPort;
  final long maxBody;
  private final IntObjectHashMap<Port> ports = new IntObjectHashMap<>(); // the loop's

  /**
   * A client keeping up to {@code connectionsPerPort} connections to each subscriber port, and of
   * an answer's body at most {@code maxBody} bytes (a longer one is read to its end and dropped, so
   * a subscriber cannot make the engine hold more than that per delivery).
   */
  SubscriberClient(int connectionsPerPort, Duration connectTimeout, long maxBody) {
    this.connectionsPerPort = Math.max(1, connectionsPerPort);
    this.maxBody = maxBody;
    // Vert.x gives the event loop and its native transport, as the gateway's front uses them.
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setPreferNativeTransport(true));
    VertxInternal internal = (VertxInternal) vertx;
    this.loop = internal.nettyEventLoopGroup().next();
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channelFactory(internal.transport().channelFactory(false))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new DeliveryLine(ch, SubscriberClient.this));
                  }
                });
    loop.scheduleAtFixedRate(this::closeIdle, 30, 30, TimeUnit.SECONDS);
  }

  /** Closes the connections idle for longer than {@link #KEEP_ALIVE_NANOS}. */
  private void closeIdle() {
    long now = System.nanoTime();
    List<DeliveryLine> old = new ArrayList<>();
    for (Port p : ports.values()) {
      for (DeliveryLine l : p.idle) {
        if (now - l.idleSince >= KEEP_ALIVE_NANOS) {
          old.add(l);
        }
      }
    }
    old.forEach(l -> l.channel.close()); // each channelInactive takes it out of its pool
  }

  /**
   * POSTs {@code body} with {@code headers} to {@code 127.0.0.1:port/}; fails with a {@link
   * TimeoutException} when the whole answer has not come within {@code timeout} (waiting for a
   * connection included; the connection is then closed), or with the connection's error.
   */
  CompletableFuture<Answer> post(
      int port, Map<String, String> headers, byte[] body, Duration timeout) {
    io.netty.handler.codec.http.HttpHeaders h =
        new io.netty.handler.codec.http.DefaultHttpHeaders();
    try { // Netty refuses what is not a header value: that delivery fails, at once, alone
      h.set(HttpHeaderNames.HOST, "127.0.0.1:" + port);
      headers.forEach(h::add);
      h.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new IOException("the delivery's headers cannot be sent: " + e.getMessage(), e));
    }
    Call call = new Call(port, h, body, Math.max(1, timeout.toMillis()));
    try {
      loop.execute(call::start);
    } catch (RejectedExecutionException e) {
      call.answer.completeExceptionally(e); // closed meanwhile
    }
    return call.answer;
  }

  /** One subscriber port's connections: idle ones, how many are open, deliveries waiting. */
  static final class Port {
    final ArrayDeque<DeliveryLine> idle = new ArrayDeque<>();
    final ArrayDeque<Call> waiting = new ArrayDeque<>();
    int open;
  }

  Port port(int number) {
    Port p = ports.get(number);
    if (p == null) {
      p = new Port();
      ports.put(number, p);
    }
    return p;
  }

  /** One delivery, on the loop from {@link #start} on. */
  final class Call {
    final int port;
    final io.netty.handler.codec.http.HttpHeaders headers;
    final byte[] body;
    final long timeoutMillis;
    final CompletableFuture<Answer> answer = new CompletableFuture<>();
    ScheduledFuture<?> timer;
    DeliveryLine line;

    Call(
        int port,
        io.netty.handler.codec.http.HttpHeaders headers,
        byte[] body,
        long timeoutMillis) {
      this.port = port;
      this.headers = headers;
      this.body = body;
      this.timeoutMillis = timeoutMillis;
    }

    void start() {
      timer = loop.schedule(this::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
      acquire();
    }

    /** An idle connection, a new one, or a place in the queue for one. */
    void acquire() {
      Port p = port(port);
      long now = System.nanoTime();
      for (DeliveryLine l; (l = p.idle.pollLast()) != null; ) {
        if (l.channel.isActive() && now - l.idleSince < KEEP_ALIVE_NANOS) {
          l.send(this);
          return;
        }
        l.channel.close(); // its channelInactive counts it closed
      }
      if (p.open >= connectionsPerPort) {
        p.waiting.add(this);
        return;
      }
      p.open++;
      bootstrap
          .connect(new InetSocketAddress("127.0.0.1", port))
          .addListener(
              (io.netty.channel.ChannelFutureListener)
                  f -> {
                    if (!f.isSuccess()) {
                      p.open--;
                      fail(f.cause());
                      next(p);
                      return;
                    }
                    DeliveryLine l = f.channel().pipeline().get(DeliveryLine.class);
                    l.port = port;
                    if (answer.isDone()) {
                      release(l); // timed out while connecting: never sent late
                    } else {
                      l.send(this);
                    }
                  });
    }

    void timedOut() {
      if (answer.completeExceptionally(
              new TimeoutException("no answer within " + timeoutMillis + " ms (request timed out)"))
          && line != null) {
        line.channel.close(); // the request is cut
      }
    }

    void complete(Answer a) {
      timer.cancel(false);
      answer.complete(a);
    }

    void fail(Throwable cause) {
      if (timer != null) {
        timer.cancel(false);
      }
      answer.completeExceptionally(cause);
    }
  }

  /** A connection closed or could not be made: the first delivery waiting tries in its place. */
  void next(Port p) {
    for (Call c; p.open < connectionsPerPort && (c = p.waiting.poll()) != null; ) {
      if (!c.answer.isDone()) {
        c.acquire();
      }
    }
  }

  /** A connection back in the pool, or handed to the next delivery waiting for one. */
  void release(DeliveryLine l) {
    l.call = null;
    if (!l.channel.isActive()) {
      return; // closed (a close-delimited answer ends so): its channelInactive serves who waits
    }
    Port p = port(l.port);
    for (Call c; (c = p.waiting.poll()) != null; ) {
      if (!c.answer.isDone()) {
        l.send(c);
        return;
      }
    }
    l.idleSince = System.nanoTime();
    p.idle.add(l);
  }

  @Override
  public void close() {
    try {
      vertx.close().await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing: the connections go with the process
    }
  }
}
