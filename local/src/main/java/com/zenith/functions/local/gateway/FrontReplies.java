package com.zenith.functions.local.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** The gateway's own answers on its Netty front: the same JSON errors as {@link Replies}. */
final class FrontReplies {
  private FrontReplies() {}

  /**
   * {@code 100 Continue} as bytes, written past the HTTP encoder ({@link
   * FrontConnection#writeInterim}): Netty's server codec would take it for the request's answer and
   * pair every later answer with the wrong request (a pipelined HEAD's answer lost its body).
   */
  static final ByteBuf CONTINUE =
      Unpooled.unreleasableBuffer(
          interim(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE)));

  /** An answer's head as bytes (an interim one, for {@link FrontConnection#writeInterim}). */
  static ByteBuf interim(HttpResponse r) {
    StringBuilder b =
        new StringBuilder(64)
            .append("HTTP/1.1 ")
            .append(r.status().code())
            .append(' ')
            .append(r.status().reasonPhrase())
            .append("\r\n");
    for (var h : r.headers()) { // decoded values: no CR or LF in them
      b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    return Unpooled.copiedBuffer(b.append("\r\n"), StandardCharsets.ISO_8859_1);
  }

  /** A whole answer as bytes, for the raw path, which writes past the HTTP encoder. */
  static ByteBuf bytes(FullHttpResponse r) {
    return Unpooled.wrappedBuffer(interim(r), r.content());
  }

  /** A JSON error answer; {@code close} adds {@code Connection: close}. */
  static FullHttpResponse json(int status, JsonObject body, boolean close) {
    return json(status, body.encode(), close, true);
  }

  /**
   * A JSON answer; {@code close} adds {@code Connection: close}, {@code error} marks it as the
   * gateway's own error ({@code X-Zenith-Gateway: error}).
   */
  static FullHttpResponse json(int status, String json, boolean close, boolean error) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            Unpooled.wrappedBuffer(bytes));
    res.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    if (error) {
      res.headers().set("X-Zenith-Gateway", "error");
    }
    if (close) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return res;
  }

  /** An answer with no body, for a request the decoder could not read (then the line closes). */
  static FullHttpResponse bare(HttpResponseStatus status) {
    FullHttpResponse res =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return res;
  }
}
