package com.zenith.functions.local.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A CloudEvent for the broker taken on the front itself, as {@link BrokerIngress} takes it on the
 * engine's server: the body is held up to the broker's size limit (413 at once above it, the rest
 * read and dropped), then given to the broker, whose journal answers off the loop. Publishing is a
 * hot path (every event of every function), so it skips the relay to the engine's server: measured
 * with bench/events, that hop's extra connection per client connection turned a short stall into a
 * storm of new connections. Event-loop confined.
 */
final class IngressExchange implements FrontCall {
  private final FrontConnection conn;
  private final HttpRequest request;
  private final String namespace;
  private final String broker;
  private final String path;
  private final long start;
  private final boolean keepAlive;
  private long limit;
  private ByteBuf body;
  private boolean answered;
  private boolean complete;
  private boolean gone;

  private IngressExchange(
      FrontConnection conn, HttpRequest request, String[] target, String path, long start) {
    this.conn = conn;
    this.request = request;
    this.namespace = target[0];
    this.broker = target[1];
    this.path = path;
    this.start = start;
    this.keepAlive = HttpUtil.isKeepAlive(request);
  }

  /**
   * The call for {@code request} to the broker ingress at {@code path} (/namespace/broker), or null
   * when the engine's server should answer it (not a POST, another path: it says why).
   */
  static IngressExchange of(FrontConnection conn, HttpRequest request, String path, long start) {
    String[] target = BrokerIngress.target(path);
    if (target == null || !request.method().equals(HttpMethod.POST)) {
      return null;
    }
    return new IngressExchange(conn, request, target, path, start);
  }

  @Override
  public void start() {
    ControlApi control = conn.server.control;
    limit = control.ingestLimit(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
    long declared =
        HttpUtil.isTransferEncodingChunked(request) ? -1 : HttpUtil.getContentLength(request, -1L);
    boolean expectsContinue = HttpUtil.is100ContinueExpected(request);
    if (declared > limit) {
      // A client waiting for 100 Continue never sends the body the decoder would wait for: the
      // line is out of step, so it closes.
      refuse(413, BrokerIngress.tooLarge(declared, limit, path), expectsContinue);
      return;
    }
    body = Unpooled.buffer(declared > 0 ? (int) declared : 256);
    if (expectsContinue) {
      conn.writeInterim(FrontReplies.CONTINUE.retainedDuplicate());
    }
  }

  @Override
  public void requestContent(HttpContent c) {
    if (answered) {
      c.release(); // refused already: the rest of the body is read and dropped
      return;
    }
    if (c.decoderResult().isFailure()) {
      String why = c.decoderResult().cause().getMessage();
      c.release();
      // The decoder reads nothing more on this connection: answer, then close it.
      refuse(400, Replies.error("cannot read the body: " + why, path), true);
      return;
    }
    if ((long) body.readableBytes() + c.content().readableBytes() > limit) {
      c.release();
      refuse(413, BrokerIngress.tooLarge(-1, limit, path), false);
      return;
    }
    body.writeBytes(c.content());
    c.release();
    if (c instanceof LastHttpContent) {
      ingest();
    }
  }

  private void ingest() {
    complete = true;
    byte[] bytes = new byte[body.readableBytes()];
    body.readBytes(bytes);
    releaseBody();
    Channel channel = conn.channel();
    CompletionStage<ControlApi.Answer> stage;
    try {
      stage =
          conn.server.control.ingest(
              namespace, broker, BrokerIngress.headerMap(request.headers()), bytes);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete(
        (a, err) -> {
          ControlApi.Answer answer = BrokerIngress.answerOf(a, err, path);
          // The journal answers on its own thread; a refusal comes at once: both go on the loop.
          channel
              .eventLoop()
              .execute(() -> answer(answer.status(), answer.json(), false, false, path));
        });
  }

  /** The gateway's own error, logged with the request's whole URI as the engine's server does. */
  private void refuse(int status, JsonObject body, boolean close) {
    answer(status, body.encode(), true, close, request.uri());
  }

  private void answer(int status, String json, boolean error, boolean close, String logged) {
    if (answered) {
      return;
    }
    answered = true;
    releaseBody();
    conn.server.replies.log("POST", target(), logged, status, start);
    if (gone) {
      return;
    }
    boolean keep = keepAlive && !close;
    FullHttpResponse res = FrontReplies.json(status, json, !keep, error);
    if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
      res.setProtocolVersion(HttpVersion.HTTP_1_0);
      if (keep) {
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
    }
    if (!keep) {
      conn.closeAfter(res);
      return;
    }
    conn.channel().writeAndFlush(res);
    conn.responseEnded(this);
  }

  private void releaseBody() {
    if (body != null) {
      body.release();
      body = null;
    }
  }

  @Override
  public boolean responseEnded() {
    return answered;
  }

  @Override
  public void flushUpstream() {}

  @Override
  public void clientWritable(boolean writable) {}

  @Override
  public void clientGone() {
    endUnread(Replies.CLIENT_CLOSED);
  }

  @Override
  public void clientTimedOut() {
    endUnread(Replies.CLIENT_TIMED_OUT);
  }

  private void endUnread(int logged) {
    gone = true;
    if (!answered && !complete) { // the body did not all come: nothing to publish
      answered = true;
      releaseBody();
      conn.server.replies.log("POST", target(), request.uri(), logged, start);
    }
  }

  private String target() {
    return "broker " + namespace + "/" + broker;
  }
}
