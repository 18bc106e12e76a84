package com.zenith.functions.local.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

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
    if (declared > limit) {
      answer(413, BrokerIngress.tooLarge(declared, limit, path).encode(), true);
      return;
    }
    body = Unpooled.buffer(declared > 0 ? (int) declared : 256);
    if (HttpUtil.is100ContinueExpected(request)) {
      conn.channel()
          .writeAndFlush(
              new DefaultFullHttpResponse(
                  HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }
  }

  @Override
  public void requestContent(HttpContent c) {
    if (answered) {
      c.release(); // refused already: the rest of the body is read and dropped
      return;
    }
    if (c.decoderResult().isFailure()) {
      c.release();
      answer(
          400,
          Replies.error("cannot read the body: " + c.decoderResult().cause(), path).encode(),
          true);
      return;
    }
    if ((long) body.readableBytes() + c.content().readableBytes() > limit) {
      c.release();
      answer(413, BrokerIngress.tooLarge(-1, limit, path).encode(), true);
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
    conn.server
        .control
        .ingest(namespace, broker, BrokerIngress.headerMap(request.headers()), bytes)
        .whenComplete(
            (a, err) -> {
              ControlApi.Answer answer = BrokerIngress.answerOf(a, err, path);
              if (channel.eventLoop().inEventLoop()) {
                answer(answer.status(), answer.json(), false);
              } else {
                channel.eventLoop().execute(() -> answer(answer.status(), answer.json(), false));
              }
            });
  }

  private void answer(int status, String json, boolean error) {
    if (answered) {
      return;
    }
    answered = true;
    releaseBody();
    conn.server.replies.log("POST", target(), path, status, start);
    if (gone) {
      return;
    }
    var res = FrontReplies.json(status, json, !keepAlive, error);
    if (!keepAlive) {
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
    gone = true;
    if (!answered && !complete) { // the body did not all come: nothing to publish
      answered = true;
      releaseBody();
      conn.server.replies.log("POST", target(), path, Replies.CLIENT_CLOSED, start);
    }
  }

  private String target() {
    return "broker " + namespace + "/" + broker;
  }
}
