package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

/** Which headers one proxy hop passes on. */
class ForwardedHeadersTest {
  @Test
  void hopByHopHeadersAndHostAreDroppedInAnyCase() {
    MultiMap from =
        MultiMap.caseInsensitiveMultiMap()
            .add("Host", "a.default.svc.cluster.local")
            .add("CONNECTION", "keep-alive")
            .add("Keep-Alive", "timeout=5")
            .add("TE", "trailers")
            .add("Transfer-Encoding", "chunked")
            .add("Upgrade", "h2c")
            .add("Trailer", "x")
            .add("Proxy-Authorization", "Basic x")
            .add("Proxy-Authenticate", "Basic")
            .add("Proxy-Connection", "close")
            .add("Content-Type", "application/json")
            .add("Accept", "a")
            .add("Accept", "b");
    MultiMap to = MultiMap.caseInsensitiveMultiMap();
    ForwardedHeaders.copy(from, to);
    assertThat(to.names()).containsExactlyInAnyOrder("Content-Type", "Accept");
    assertThat(to.getAll("accept")).containsExactly("a", "b");
  }

  @Test
  void headersTheConnectionHeaderNamesAreDroppedButNotOnesThatMerelyContainAName() {
    MultiMap from =
        MultiMap.caseInsensitiveMultiMap()
            .add("Connection", "keep-alive, X-Hop ,\tx-other")
            .add("x-hop", "1")
            .add("X-Other", "2")
            .add("X-Hopper", "3")
            .add("Alive", "4");
    MultiMap to = MultiMap.caseInsensitiveMultiMap();
    ForwardedHeaders.copy(from, to);
    assertThat(to.names()).containsExactlyInAnyOrder("X-Hopper", "Alive");
  }

  @Test
  void theDefaultPortIsStrippedFromTheHost() {
    assertThat(ForwardedHeaders.stripPortIfDefault("a.b:80")).isEqualTo("a.b");
    assertThat(ForwardedHeaders.stripPortIfDefault("a.b:8080")).isEqualTo("a.b:8080");
    assertThat(ForwardedHeaders.stripPortIfDefault(null)).isNull();
  }

  @Test
  void anUpgradeIsAskedOnlyWhenTheConnectionHeaderNamesIt() {
    var h = new io.netty.handler.codec.http.DefaultHttpHeaders();
    h.set("Upgrade", "websocket");
    assertThat(ForwardedHeaders.upgradeAsked(h)).isNull(); // no Connection: upgrade
    h.set("Connection", "keep-alive, Upgrade");
    assertThat(ForwardedHeaders.upgradeAsked(h)).isEqualTo("websocket");
    h.set("Connection", "upgraded");
    assertThat(ForwardedHeaders.upgradeAsked(h)).isNull();
  }
}
