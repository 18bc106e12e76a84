package com.zenith.functions.local.engine;

import com.zenith.functions.local.DevOptions;
import com.zenith.functions.local.events.DeliveryPolicy;
import com.zenith.functions.local.events.EventBroker;
import com.zenith.functions.local.events.EventJournal;
import com.zenith.functions.local.gateway.AccessLog;
import com.zenith.functions.local.gateway.FileAccessLog;
import com.zenith.functions.local.gateway.Gateway;
import com.zenith.functions.local.gateway.Route;
import com.zenith.functions.local.gateway.RouteTable;
import com.zenith.functions.local.traces.GatewaySpans;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The engine's cluster network: the gateway (with its access log) in front of the functions'
 * routes, and the event broker delivering to them. Opened in two steps because the gateway's
 * control endpoints need the broker.
 */
final class EngineNetwork {
  private final DevOptions options;
  private final StateDirectory state;
  private final RouteTable routes;
  private FileAccessLog accessLog;
  private boolean accessLogOn = true;
  private EventBroker broker;
  private Gateway gateway;
  private int port;

  EngineNetwork(DevOptions options, StateDirectory state, RouteTable routes) {
    this.options = options;
    this.state = state;
    this.routes = routes;
  }

  /**
   * Whether {@code ZENITH_ACCESS_LOG} (unset, {@code on} or {@code off}) leaves the gateway's
   * access log on; another value is an error naming the variable.
   */
  static boolean accessLogOn(String value) {
    if (value == null || value.isBlank() || value.strip().equals("on")) {
      return true;
    }
    if (value.strip().equals("off")) {
      return false;
    }
    throw new IllegalArgumentException(
        "ZENITH_ACCESS_LOG must be \"on\" or \"off\", got \"" + value + "\"");
  }

  /**
   * Opens the access log (its lines dropped when {@code accessLogOn} is false) and the broker (with
   * its journal); nothing listens yet.
   */
  void open(DeliveryPolicy delivery, boolean accessLogOn, Consumer<String> say) throws IOException {
    this.accessLogOn = accessLogOn;
    accessLog =
        new FileAccessLog(
            state.logs().resolve("access.log"),
            options.consoleAccessLog() ? options.console() : null,
            Prefixes.of("gateway", options.colour()));
    broker =
        new EventBroker(
            delivery,
            (ns, name) -> {
              Route r = routes.get(ns, name);
              return r == null ? 0 : r.port();
            },
            new EventJournal(state.root().resolve("events").resolve("journal.jsonl")),
            line -> say.accept("broker: " + line));
  }

  /**
   * Starts the gateway on --bind and --port, its hops (and the broker's) recorded by {@code hops};
   * returns the port it listens on.
   */
  int listen(EngineControl control, GatewaySpans hops) throws IOException {
    broker.observe(hops);
    AccessLog lines = accessLogOn ? accessLog : (caller, method, target, path, status, ms) -> {};
    gateway = new Gateway(routes, lines, control, options.bindHost(), hops);
    try {
      port = gateway.listen(options.port());
    } catch (IllegalStateException e) {
      throw new IOException(
          "cannot listen on "
              + options.bindHost()
              + ":"
              + options.port()
              + " ("
              + e.getMessage()
              + "); choose another with --port",
          e);
    }
    return port;
  }

  /** Stops the broker's deliveries (before the functions stop: none to a function stopping). */
  void stopDelivery() {
    if (broker != null) {
      broker.close();
    }
  }

  EventBroker broker() {
    return broker;
  }

  /** The gateway, null before {@link #listen}. */
  Gateway gateway() {
    return gateway;
  }

  FileAccessLog accessLog() {
    return accessLog;
  }

  /** The gateway's address. */
  String url() {
    return "http://" + options.bindHost() + ":" + port;
  }
}
