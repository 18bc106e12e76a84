package com.zenith.functions.local.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * How long the gateway has waited for a client, on the raw bytes before the HTTP codec: nothing
 * read for the client timeout while the connection waits for the client (idle after an answer, in a
 * request's head or body), a head not complete within it however the bytes trickle (nginx's
 * client_header_timeout), or an answer the client has not taken for it (the connection not
 * writable: nginx's send_timeout), or the rest of a body not all come within it after the request
 * was answered early (a 413, a 504: nginx's lingering_time). Then the connection ends the call and
 * closes. The clock restarts when an answer ends and when the gateway resumes reading, so time the
 * gateway made the client wait never counts. One per connection; event-loop confined.
 */
final class ClientClock extends ChannelInboundHandlerAdapter {
  /** Its name in a connection's pipeline. */
  static final String NAME = "client-clock";

  /** What the clock asks of its connection. */
  interface Client {
    /** True while the connection waits for the client to send. */
    boolean waitingForClient();

    /** True while no request is in progress (the next bytes start a head). */
    boolean betweenRequests();

    /** When the client last became unable to take more of an answer; 0 while it can. */
    long unwritableSince();

    /** The client timed out: end what is in progress and close. */
    void clientTimedOut();
  }

  /** The clock ticks this many times per timeout: a client is cut after 1 to 1.25 timeouts. */
  private static final int TICKS = 4;

  private final long tickNanos;
  private Client client;
  private ChannelHandlerContext ctx;
  // Times in ticks, not nanoseconds: a read only copies a counter (no clock read on the hot path).
  private long ticks;
  private long lastRead;
  private long restarted;
  private long headStart = -1;
  private long lingerStart = -1;
  private ScheduledFuture<?> check;

  ClientClock(long timeoutMillis) {
    this.tickNanos = Math.max(1, TimeUnit.MILLISECONDS.toNanos(timeoutMillis) / TICKS);
  }

  /** Starts the clock for {@code c}; called once the connection's handler is in place. */
  void start(Client c) {
    client = c;
    check =
        ctx.executor().scheduleAtFixedRate(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastRead = ticks;
    if (headStart < 0 && client != null && client.betweenRequests()) {
      headStart = ticks;
    }
    ctx.fireChannelRead(msg);
  }

  /** A request's head is complete. */
  void headRead() {
    headStart = -1;
  }

  /**
   * The request was answered before its body had all come: the rest is read and dropped, but must
   * come within the timeout however it trickles, so an answered client cannot hold the connection
   * by sending a byte now and then.
   */
  void linger() {
    if (lingerStart < 0) {
      lingerStart = ticks;
    }
  }

  /** The request in progress has ended, body and answer. */
  void settled() {
    lingerStart = -1;
  }

  /** The gateway stops making the client wait (an answer ended, reading resumed). */
  void restart() {
    restarted = ticks;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (check != null) {
      check.cancel(false);
    }
    ctx.fireChannelInactive();
  }

  private void tick() {
    ticks++;
    if (!ctx.channel().isActive()) {
      check.cancel(false);
      return;
    }
    long stalled = client.unwritableSince();
    boolean out;
    if (lingerStart >= 0 && ticks - lingerStart > TICKS) {
      out = true;
    } else if (stalled != 0) {
      out = System.nanoTime() - stalled >= TICKS * tickNanos;
    } else if (client.waitingForClient()) {
      out =
          ticks - Math.max(lastRead, restarted) > TICKS
              || (headStart >= 0 && ticks - headStart > TICKS);
    } else {
      out = false;
    }
    if (out) {
      check.cancel(false);
      client.clientTimedOut();
    }
  }
}
