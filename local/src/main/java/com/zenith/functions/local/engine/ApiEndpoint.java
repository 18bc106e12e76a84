package com.zenith.functions.local.engine;

import com.zenith.functions.local.DevOptions;
import com.zenith.functions.local.status.FunctionView;
import com.zenith.functions.local.store.Store;
import com.zenith.functions.local.store.Views;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/** The engine's Kubernetes API: its server, token and kubeconfig. */
final class ApiEndpoint implements AutoCloseable {
  private final String token;
  private final int port;

  private ApiEndpoint(String token, int port) {
    this.token = token;
    this.port = port;
  }

  static ApiEndpoint start(
      Store store, DevOptions options, StateDirectory state, Supplier<List<FunctionView>> views)
      throws IOException {
    return new ApiEndpoint(java.util.UUID.randomUUID().toString(), 0);
  }

  void serveViews(Views views) {}

  String token() {
    return token;
  }

  int port() {
    return port;
  }

  String url() {
    return "https://127.0.0.1:" + port;
  }

  @Override
  public void close() {}
}
