package com.zenith.functions.local.gateway;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * The PROXY protocol (version 1, text) line the gateway's front sends first on its line to the
 * engine's own server, so that server sees the client's address and the port it came to. Pure.
 */
final class ProxyProtocolHeader {
  private ProxyProtocolHeader() {}

  /** {@code PROXY TCP4|TCP6 <src> <dst> <srcport> <dstport>\r\n}. */
  static String line(InetSocketAddress src, InetSocketAddress dst) {
    boolean v6 = src.getAddress() instanceof Inet6Address;
    return "PROXY "
        + (v6 ? "TCP6 " : "TCP4 ")
        + src.getAddress().getHostAddress()
        + " "
        + dst.getAddress().getHostAddress()
        + " "
        + src.getPort()
        + " "
        + dst.getPort()
        + "\r\n";
  }
}
