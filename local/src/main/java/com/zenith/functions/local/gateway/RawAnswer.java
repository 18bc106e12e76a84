package com.zenith.functions.local.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * A function's answer on the gateway's raw path, read from its bytes: interim heads passed on, the
 * final head passed on as it came when it needs no change (an HTTP/1.1 head with no hop-by-hop
 * header), else rewritten under the same rules as the decoding path ({@link ForwardExchange}), and
 * the body passed on in its framing (a length, chunks, or, for an answer ended by the close of its
 * connection, re-framed in chunks). One per connection, reused; event-loop confined.
 */
final class RawAnswer {
  /** Where the answer goes. */
  interface Out {
    /** A 1xx head, as bytes. */
    void interim(ByteBuf head);

    /** The final head, as bytes, with its status. */
    void head(int status, ByteBuf head);

    /** A part of the body, as bytes. */
    void body(ByteBuf part);
  }

  static final int MORE = 0;
  static final int DONE = 1;
  static final int FAILED = 2;
  private static final int NEED = 3;

  private static final int HEAD = 0;
  private static final int FIXED = 1;
  private static final int CHUNKED = 2;
  private static final int UNTIL_CLOSE = 3;
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final RawHead head = new RawHead();
  private final ChunkedScan chunks = new ChunkedScan();
  private final ByteBufAllocator alloc;
  private ByteBuf held;
  private int state;
  private long left;
  private boolean clientClose;
  int status;
  boolean upstreamKeepAlive;

  /** Why it failed, for the 502. */
  String failure;

  /** True when bytes came after the answer's end (the connection is not reused). */
  boolean extra;

  RawAnswer(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  /**
   * Starts over for an answer to a request; {@code clientClose}: the client's line closes after.
   */
  void reset(boolean clientClose) {
    release();
    this.clientClose = clientClose;
    state = HEAD;
    status = 0;
    upstreamKeepAlive = false;
    failure = null;
    extra = false;
    chunks.reset();
  }

  /** True once the final head went out. */
  boolean headDone() {
    return state != HEAD;
  }

  /** True when the answer ends only when its connection closes. */
  boolean untilClose() {
    return state == UNTIL_CLOSE;
  }

  /** Takes the bytes {@code in} (owned from now on): {@link #MORE}, {@link #DONE} or FAILED. */
  int take(ByteBuf in, Out out) {
    ByteBuf b = in;
    if (held != null) {
      held.writeBytes(in);
      in.release();
      b = held;
      held = null;
    }
    try {
      int r = MORE;
      while (r == MORE && b.isReadable()) {
        r = state == HEAD ? head(b, out) : body(b, out);
      }
      if (r == NEED) {
        held = alloc.buffer(b.readableBytes() * 2).writeBytes(b); // a head cut across reads
        r = MORE;
      }
      extra = r == DONE && b.isReadable();
      return r;
    } finally {
      b.release();
    }
  }

  /** The connection closed: the end of an answer that ends so, else not an answer (false). */
  boolean closed(Out out) {
    if (state != UNTIL_CLOSE) {
      return false;
    }
    out.body(alloc.buffer(5).writeBytes(LAST_CHUNK));
    state = HEAD;
    return true;
  }

  private int head(ByteBuf b, Out out) {
    int r = head.response(b);
    if (r == RawHead.INCOMPLETE) {
      return NEED;
    }
    if (r == RawHead.INVALID) {
      failure = "the function's answer is not valid HTTP/1.1";
      return FAILED;
    }
    int code = head.status;
    if (code < 200) {
      if (code == 101) {
        failure = "the function switched protocols unasked";
        return FAILED;
      }
      out.interim(b.readRetainedSlice(head.length()));
      return MORE;
    }
    status = code;
    boolean bodyless = code == 204 || code == 304;
    boolean conflict = head.transferEncoding && head.contentLength >= 0;
    if (bodyless) {
      state = FIXED;
      left = 0;
    } else if (head.transferEncoding) {
      state = head.chunked ? CHUNKED : UNTIL_CLOSE;
    } else if (head.contentLength >= 0) {
      state = FIXED;
      left = head.contentLength;
    } else {
      state = UNTIL_CLOSE;
    }
    upstreamKeepAlive =
        state != UNTIL_CLOSE && (head.http11 ? !head.close : head.keepAlive) && !conflict;
    if (head.http11 && !head.hopByHop && !conflict && !clientClose && state != UNTIL_CLOSE) {
      out.head(code, b.readRetainedSlice(head.length())); // as it came
    } else {
      out.head(code, rewrite(b, bodyless, conflict));
      b.skipBytes(head.length());
    }
    return left == 0 && state == FIXED ? DONE : MORE;
  }

  /** The head without its hop-by-hop headers, framed for the client, as HTTP/1.1. */
  private ByteBuf rewrite(ByteBuf b, boolean bodyless, boolean conflict) {
    ByteBuf o = alloc.buffer(head.length() + 64);
    o.writeCharSequence("HTTP/1.1 ", StandardCharsets.US_ASCII);
    o.writeBytes(b, head.start + 9, head.reasonEnd - (head.start + 9));
    o.writeBytes(CRLF);
    String connection = null;
    for (int n = 0; n < head.lines; n++) {
      if (head.nameIs(n, "connection")) {
        connection = connection == null ? head.value(n) : connection + "," + head.value(n);
      }
    }
    for (int n = 0; n < head.lines; n++) {
      int from = head.lineStart[n];
      CharSequence name = head.view.of(from, head.nameEnd[n] - from);
      if (ForwardedHeaders.hopByHop(name)
          || (connection != null && ForwardedHeaders.namedIn(connection, name.toString()))
          || (conflict && head.nameIs(n, "content-length"))) {
        continue;
      }
      o.writeBytes(b, from, head.valueEnd[n] - from).writeBytes(CRLF);
    }
    if (!bodyless && (state == CHUNKED || state == UNTIL_CLOSE)) {
      o.writeCharSequence("Transfer-Encoding: chunked\r\n", StandardCharsets.US_ASCII);
    }
    if (clientClose) {
      o.writeCharSequence("Connection: close\r\n", StandardCharsets.US_ASCII);
    }
    return o.writeBytes(CRLF);
  }

  private int body(ByteBuf b, Out out) {
    switch (state) {
      case FIXED -> {
        int n = (int) Math.min(left, b.readableBytes());
        out.body(b.readRetainedSlice(n));
        left -= n;
        if (left == 0) {
          state = HEAD;
          return DONE;
        }
        return MORE;
      }
      case CHUNKED -> {
        int end = chunks.scan(b, b.readerIndex(), b.writerIndex());
        if (end == ChunkedScan.INVALID) {
          failure = "the function's chunked body is broken";
          return FAILED;
        }
        int n = (end == ChunkedScan.MORE ? b.writerIndex() : end) - b.readerIndex();
        out.body(b.readRetainedSlice(n));
        if (end == ChunkedScan.MORE) {
          return MORE;
        }
        state = HEAD;
        return DONE;
      }
      default -> { // until close: each read one chunk
        int n = b.readableBytes();
        ByteBuf size = alloc.buffer(10);
        size.writeCharSequence(Integer.toHexString(n), StandardCharsets.US_ASCII);
        size.writeBytes(CRLF);
        out.body(alloc.compositeBuffer(3).addComponents(true, size, b.readRetainedSlice(n)));
        out.body(alloc.buffer(2).writeBytes(CRLF));
        return MORE;
      }
    }
  }

  /** Lets go of a head held across reads. */
  void release() {
    if (held != null) {
      held.release();
      held = null;
    }
  }
}
