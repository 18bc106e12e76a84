package com.zenith.functions.local.engine;

import com.zenith.functions.local.DevOptions;
import com.zenith.functions.local.events.DeliveryPolicy;
import com.zenith.functions.local.events.EventBroker;
import com.zenith.functions.local.events.EventJournal;
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
  private EventBroker broker;
  private Gateway gateway;
  private int port;

  EngineNetwork(DevOptions options, StateDirectory state, RouteTable routes) {
    this.options = options;
    this.state = state;
    this.routes = routes;
  }

  /** Opens the access log and the broker (with its journal); nothing listens yet. */
  void open(DeliveryPolicy delivery, Consumer<String> say) throws IOException {
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
    gateway = new Gateway(routes, accessLog, control, options.bindHost(), hops);
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
