package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ProxyProtocolHeaderTest {
  @Test
  void anIpv4ClientGivesATcp4LineWithBothAddressesAndPorts() {
    assertThat(
            ProxyProtocolHeader.line(
                new InetSocketAddress("127.0.0.2", 51000),
                new InetSocketAddress("127.0.0.1", 8080)))
        .isEqualTo("PROXY TCP4 127.0.0.2 127.0.0.1 51000 8080\r\n");
  }

  @Test
  void anIpv6ClientGivesATcp6Line() {
    assertThat(
            ProxyProtocolHeader.line(
                new InetSocketAddress("::1", 40000), new InetSocketAddress("::1", 9000)))
        .startsWith("PROXY TCP6 0:0:0:0:0:0:0:1 0:0:0:0:0:0:0:1 40000 9000");
  }
}
