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
      SdkLogging.oneLinePerRecord(); // the SDK's logger only; no JVM-wide setting
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
