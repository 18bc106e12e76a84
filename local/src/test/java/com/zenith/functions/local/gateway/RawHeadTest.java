package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The raw path's head reader: what it takes, and what it leaves to Netty's decoder. */
class RawHeadTest {
  private final RawHead head = new RawHead();

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  private int request(String s) {
    return head.request(bytes(s));
  }

  @Test
  void aPlainRequestIsReadWithWhereItsPartsLie() {
    ByteBuf b =
        bytes(
            "POST /x?y=1 HTTP/1.1\r\nHost: fn.default\r\nContent-Length: 12\r\n"
                + "Connection: keep-alive\r\ntraceparent: 00-ab\r\nX-A:  v  \r\n\r\nbody");
    assertThat(head.request(b)).isEqualTo(RawHead.COMPLETE);
    assertThat(head.http11).isTrue();
    assertThat(b.toString(head.start, head.methodEnd - head.start, StandardCharsets.US_ASCII))
        .isEqualTo("POST");
    assertThat(head.value(head.host)).isEqualTo("fn.default");
    assertThat(head.value(head.traceparent)).isEqualTo("00-ab");
    assertThat(head.value(4)).isEqualTo("v");
    assertThat(head.contentLength).isEqualTo(12);
    assertThat(head.keepAlive).isTrue();
    assertThat(head.connectionNamesOthers).isFalse();
    assertThat(head.length()).isEqualTo(b.readableBytes() - 4);
  }

  @Test
  void aHeadNotYetWholeIsIncompleteAndOneTooLargeIsInvalid() {
    assertThat(request("GET / HTTP/1.1\r\nHost: a\r\n")).isEqualTo(RawHead.INCOMPLETE);
    assertThat(request("GET / HTTP/1.1\r\nHost: a\r\n\r")).isEqualTo(RawHead.INCOMPLETE);
    assertThat(request("GET / HTTP/1.1\r\nX: " + "a".repeat(RawHead.MAX_HEAD)))
        .isEqualTo(RawHead.INVALID);
  }

  @Test
  void anythingUnusualIsLeftToTheDecoder() {
    String ok = "GET / HTTP/1.1\r\nHost: a\r\n";
    assertThat(request(ok + "\r\n")).isEqualTo(RawHead.COMPLETE);
    assertThat(request("GET / HTTP/1.1\nHost: a\r\n\r\n")).as("bare LF").isEqualTo(RawHead.INVALID);
    assertThat(request(ok + "X: a\r\n folded\r\n\r\n")).as("obs-fold").isEqualTo(RawHead.INVALID);
    assertThat(request(ok + "Host: b\r\n\r\n")).as("two hosts").isEqualTo(RawHead.INVALID);
    assertThat(request(ok + "Content-Length: 1\r\nContent-Length: 1\r\n\r\n"))
        .as("two lengths")
        .isEqualTo(RawHead.INVALID);
    assertThat(request(ok + "Content-Length: +1\r\n\r\n")).isEqualTo(RawHead.INVALID);
    assertThat(request(ok + "X : a\r\n\r\n")).as("space before colon").isEqualTo(RawHead.INVALID);
    assertThat(request(ok + "X: a\u0001b\r\n\r\n")).as("a control").isEqualTo(RawHead.INVALID);
    assertThat(request("GET /a b HTTP/1.1\r\n\r\n")).isEqualTo(RawHead.INVALID);
    assertThat(request("get / HTTP/1.1\r\n\r\n")).isEqualTo(RawHead.INVALID);
    assertThat(request("GET / HTTP/2.0\r\n\r\n")).isEqualTo(RawHead.INVALID);
  }

  @Test
  void framingAndConnectionTokensAreNoted() {
    assertThat(request("GET / HTTP/1.0\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"))
        .isEqualTo(RawHead.COMPLETE);
    assertThat(head.http11).isFalse();
    assertThat(head.transferEncoding).isTrue();
    assertThat(head.chunked).isTrue();
    assertThat(head.hopByHop).isTrue();
    request("GET / HTTP/1.1\r\nConnection: close, x-secret\r\nUpgrade: ws\r\nExpect: 100\r\n\r\n");
    assertThat(head.close).isTrue();
    assertThat(head.connectionNamesOthers).isTrue();
    assertThat(head.upgrade).isTrue();
    assertThat(head.expect).isTrue();
  }

  @Test
  void aResponseHeadGivesItsStatus() {
    assertThat(head.response(bytes("HTTP/1.1 204 No Content\r\nX: 1\r\n\r\n")))
        .isEqualTo(RawHead.COMPLETE);
    assertThat(head.status).isEqualTo(204);
    assertThat(head.response(bytes("HTTP/1.1 200\r\n\r\n"))).isEqualTo(RawHead.COMPLETE);
    assertThat(head.response(bytes("HTTP/1.1 2x0 OK\r\n\r\n"))).isEqualTo(RawHead.INVALID);
    assertThat(head.response(bytes("HTTP/1.1 200 O\u0000K\r\n\r\n"))).isEqualTo(RawHead.INVALID);
  }
}
