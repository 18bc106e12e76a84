package com.zenith.functions.sdk;

import com.zenith.functions.sdk.call.FireAndForgetStats;
import com.zenith.functions.sdk.call.FunctionClient;
import com.zenith.functions.sdk.events.EventPublisher;
import com.zenith.functions.sdk.host.FunctionHost;

/**
 * The entry point: static shortcuts to one process-wide {@link Zenith} configured from the
 * environment on first use.
 *
 * <pre>{@code
 * var res = Functions.call("balance-manager").post("/update", req, UpdateResponse.class);
 * Functions.call("audit-logger").fireAndForget("/log", audit);
 * Functions.events().publish("com.example.transaction.created", txn);
 * Functions.dapr("balance-manager").post("/update", req, UpdateResponse.class);
 * Functions.host().post("/transaction", TransactionRequest.class, this::handle).run();
 * }</pre>
 */
public final class Functions {
  private Functions() {}

  private static final class Holder {
    static {
      // One line per log record ("INFO FunctionHost: listening on ..."), unless the user chose.
      if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
      }
    }

    static final Zenith INSTANCE = Zenith.fromEnv();
  }

  /** The process-wide instance. */
  public static Zenith sdk() {
    return Holder.INSTANCE;
  }

  /** A client for a function by name. */
  public static FunctionClient call(String function) {
    return sdk().call(function);
  }

  /** A client for a Dapr app through the sidecar's HTTP API. */
  public static FunctionClient dapr(String appId) {
    return sdk().dapr(appId);
  }

  /** The event publisher. */
  public static EventPublisher events() {
    return sdk().events();
  }

  /** A new function host on {@code PORT}. */
  public static FunctionHost host() {
    return sdk().host();
  }

  /** Fire-and-forget counters. */
  public static FireAndForgetStats fireAndForgetStats() {
    return sdk().fireAndForgetStats();
  }
}
