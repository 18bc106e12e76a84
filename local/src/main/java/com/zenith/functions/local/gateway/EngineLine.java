package com.zenith.functions.local.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A front connection's own connection to the engine's server behind it: made on first use, it
 * carries the client's and the port's addresses in a PROXY protocol header, so the engine sees
 * them; closed with the client's connection. Event-loop confined.
 */
final class EngineLine {
  private final FrontConnection conn;
  private Upstream line;

  EngineLine(FrontConnection conn) {
    this.conn = conn;
  }

  /** The line, to {@code done} (made now if there is none open), or why not to {@code failed}. */
  void get(Consumer<Upstream> done, Consumer<Throwable> failed) {
    if (line != null && line.channel.isActive()) {
      done.accept(line);
      return;
    }
    conn.loop.connect(
        0,
        conn.server.internal,
        Upstreams.Line.BARE,
        u -> {
          u.channel.write(proxyHeader());
          u.channel.pipeline().addFirst(FrontConnection.CODEC, Upstreams.codec());
          line = u;
          if (!conn.channel().isActive()) {
            u.channel.close();
          }
          done.accept(u);
        },
        failed);
  }

  /** Closes the line, if one was made. */
  void close() {
    if (line != null) {
      line.channel.close();
    }
  }

  private ByteBuf proxyHeader() {
    return Unpooled.copiedBuffer(
        ProxyProtocolHeader.line(
            (InetSocketAddress) conn.channel().remoteAddress(),
            (InetSocketAddress) conn.channel().localAddress()),
        StandardCharsets.US_ASCII);
  }
}
