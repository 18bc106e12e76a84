package com.zenith.functions.local.gateway;

import io.netty.buffer.ByteBuf;

/**
 * Finds where a chunked body ends (RFC 9112 7.1) as its bytes go by, without changing them: the
 * gateway's raw path forwards a chunked answer as it came and only needs to know when it is over.
 * Strict, as the raw path's heads are: anything else is {@link #INVALID}.
 */
final class ChunkedScan {
  static final int MORE = -1;
  static final int INVALID = -2;

  private static final int SIZE = 0;
  private static final int EXTENSION = 1;
  private static final int SIZE_LF = 2;
  private static final int DATA = 3;
  private static final int DATA_CR = 4;
  private static final int DATA_LF = 5;
  private static final int TRAILER_START = 6;
  private static final int TRAILER_LINE = 7;
  private static final int TRAILER_LF = 8;
  private static final int END_LF = 9;

  private static final int MAX_LINE = 8192;

  private int state = SIZE;
  private long size;
  private int digits;
  private int lineBytes;

  /** Starts over, for the next body. */
  void reset() {
    state = SIZE;
    size = 0;
    digits = 0;
    lineBytes = 0;
  }

  /**
   * Scans {@code b} from {@code from} to {@code to}: the index just after the body's end when it
   * ends there, {@link #MORE} when it goes on past {@code to}, or {@link #INVALID}.
   */
  int scan(ByteBuf b, int from, int to) {
    int i = from;
    while (i < to) {
      if (state == DATA) {
        long n = Math.min(size, to - i);
        i += (int) n;
        size -= n;
        if (size == 0) {
          state = DATA_CR;
        }
        continue;
      }
      byte c = b.getByte(i++);
      switch (state) {
        case SIZE -> {
          int v = hex(c);
          if (v >= 0 && digits < 15) {
            size = size * 16 + v;
            digits++;
          } else if (digits > 0 && (c == ';' || c == ' ' || c == '\t')) {
            state = EXTENSION;
            lineBytes = 0;
          } else if (digits > 0 && c == '\r') {
            state = SIZE_LF;
          } else {
            return INVALID;
          }
        }
        case EXTENSION -> {
          if (c == '\r') {
            state = SIZE_LF;
          } else if (c == '\n' || ++lineBytes > MAX_LINE) {
            return INVALID;
          }
        }
        case SIZE_LF -> {
          if (c != '\n') {
            return INVALID;
          }
          digits = 0;
          state = size == 0 ? TRAILER_START : DATA;
        }
        case DATA_CR -> {
          if (c != '\r') {
            return INVALID;
          }
          state = DATA_LF;
        }
        case DATA_LF -> {
          if (c != '\n') {
            return INVALID;
          }
          state = SIZE;
        }
        case TRAILER_START -> {
          if (c == '\r') {
            state = END_LF;
          } else if (c == '\n') {
            return INVALID;
          } else {
            state = TRAILER_LINE;
            lineBytes = 1;
          }
        }
        case TRAILER_LINE -> {
          if (c == '\r') {
            state = TRAILER_LF;
          } else if (c == '\n' || ++lineBytes > MAX_LINE) {
            return INVALID;
          }
        }
        case TRAILER_LF -> {
          if (c != '\n') {
            return INVALID;
          }
          state = TRAILER_START;
        }
        case END_LF -> {
          if (c != '\n') {
            return INVALID;
          }
          reset();
          return i;
        }
        default -> throw new IllegalStateException("state " + state);
      }
    }
    return MORE;
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
