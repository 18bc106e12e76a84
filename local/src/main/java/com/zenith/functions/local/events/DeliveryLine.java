package com.zenith.functions.local.events;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One of {@link SubscriberClient}'s connections to a subscriber and the delivery it carries: the
 * request out, the answer in (a body longer than the client keeps is read to its end and dropped),
 * then back to the client's pool, or closed. Loop-confined.
 */
final class DeliveryLine extends ChannelInboundHandlerAdapter {
  final Channel channel;
  int port;
  long idleSince;
  SubscriberClient.Call call;
  private int status;
  private boolean keepAlive;
  private Map<String, List<String>> headers;
  private ByteArrayOutputStream kept;
  private long length;
  private Throwable error;

  private final SubscriberClient client;

  DeliveryLine(Channel channel, SubscriberClient client) {
    this.channel = channel;
    this.client = client;
  }

  void send(SubscriberClient.Call c) {
    call = c;
    c.line = this;
    status = 0;
    length = 0;
    kept = null;
    FullHttpRequest req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.POST,
            "/",
            Unpooled.wrappedBuffer(c.body),
            c.headers,
            EmptyHttpHeaders.INSTANCE);
    channel
        .writeAndFlush(req)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                error = f.cause();
                channel.close(); // channelInactive fails the delivery
              }
            });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      read(msg);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void read(Object msg) {
    SubscriberClient.Call c = call;
    if (c == null || c.answer.isDone()) {
      channel.close(); // an answer nobody waits for: the line is not reusable
      return;
    }
    if (msg instanceof HttpResponse r) {
      if (r.decoderResult().isFailure()) {
        error = r.decoderResult().cause();
        channel.close();
        return;
      }
      status = r.status().code();
      if (status < 200) {
        status = 0; // an interim answer: the real one follows
        return;
      }
      keepAlive = HttpUtil.isKeepAlive(r);
      headers = new TreeMap<>();
      for (Map.Entry<String, String> e : r.headers()) {
        headers
            .computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
            .add(e.getValue());
      }
    }
    if (msg instanceof HttpContent bad && bad.decoderResult().isFailure()) {
      error = bad.decoderResult().cause(); // a broken body: no answer, and the line is done
      channel.close();
      return;
    }
    if (msg instanceof HttpContent content && status != 0) {
      int n = content.content().readableBytes();
      length += n;
      if (length <= client.maxBody && n > 0) {
        if (kept == null) {
          kept = new ByteArrayOutputStream(n);
        }
        kept.write(ByteBufUtil.getBytes(content.content()), 0, n);
      }
      if (msg instanceof LastHttpContent) {
        byte[] body = length <= client.maxBody && kept != null ? kept.toByteArray() : new byte[0];
        call = null;
        c.complete(new SubscriberClient.Answer(status, headers, length, body));
        if (keepAlive) {
          client.release(this);
        } else {
          channel.close();
        }
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    SubscriberClient.Call c = call;
    call = null;
    if (c != null && !c.answer.isDone()) {
      c.fail(
          new IOException(
              error != null
                  ? error.toString()
                  : "the connection closed before the answer (port " + port + ")"));
    }
    if (port != 0) { // 0: it never connected, and was never counted open
      SubscriberClient.Port p = client.port(port);
      p.open--;
      p.idle.remove(this);
      client.next(p);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    error = cause;
    ctx.close();
  }
}
