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
 * writable: nginx's send_timeout). Then the connection ends the call and closes. The clock restarts
 * when an answer ends and when the gateway resumes reading, so time the gateway made the client
 * wait never counts. One per connection; event-loop confined.
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

  private final long timeoutNanos;
  private Client client;
  private ChannelHandlerContext ctx;
  private long lastRead;
  private long restarted;
  private long headStart;
  private ScheduledFuture<?> check;

  ClientClock(long timeoutMillis) {
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
  }

  /** Starts the clock for {@code c}; called once the connection's handler is in place. */
  void start(Client c) {
    client = c;
    long now = System.nanoTime();
    lastRead = now;
    restarted = now;
    schedule(timeoutNanos);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    long now = System.nanoTime();
    lastRead = now;
    if (headStart == 0 && client != null && client.betweenRequests()) {
      headStart = now;
    }
    ctx.fireChannelRead(msg);
  }

  /** A request's head is complete. */
  void headRead() {
    headStart = 0;
  }

  /** The gateway stops making the client wait (an answer ended, reading resumed). */
  void restart() {
    restarted = System.nanoTime();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (check != null) {
      check.cancel(false);
    }
    ctx.fireChannelInactive();
  }

  private void schedule(long nanos) {
    check = ctx.executor().schedule(this::check, Math.max(nanos, 1), TimeUnit.NANOSECONDS);
  }

  private void check() {
    if (!ctx.channel().isActive()) {
      return;
    }
    long now = System.nanoTime();
    long deadline = now + timeoutNanos;
    long stalled = client.unwritableSince();
    if (stalled != 0) {
      deadline = stalled + timeoutNanos;
    } else if (client.waitingForClient()) {
      deadline = Math.max(lastRead, restarted) + timeoutNanos;
      if (headStart != 0) {
        deadline = Math.min(deadline, headStart + timeoutNanos);
      }
    }
    if (now - deadline >= 0) {
      client.clientTimedOut();
      return;
    }
    schedule(deadline - now);
  }
}
