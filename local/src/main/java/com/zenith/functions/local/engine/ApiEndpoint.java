package com.zenith.functions.local.engine;

import com.zenith.functions.local.kube.KubeApiServer;
import com.zenith.functions.local.kube.Kubeconfig;
import com.zenith.functions.local.kube.ServingCertificate;
import com.zenith.functions.local.kube.Token;
import com.zenith.functions.local.store.Store;
import com.zenith.functions.local.store.Views;
import java.io.IOException;

/**
 * The engine's Kubernetes API: TLS on loopback with a certificate of the state directory's, the
 * bearer token of the state directory, and the kubeconfig (0600) that points kubectl at both.
 */
final class ApiEndpoint implements AutoCloseable {
  private final KubeApiServer server;
  private final Token token;
  private final int port;

  private ApiEndpoint(KubeApiServer server, Token token, int port) {
    this.server = server;
    this.token = token;
    this.port = port;
  }

  /** The token of the state directory (made on first use, kept across restarts). */
  static Token token(StateDirectory state) throws IOException {
    return Token.forStateDir(state.root());
  }

  static ApiEndpoint start(Store store, Views views, StateDirectory state, int port)
      throws IOException {
    Token token = token(state);
    ServingCertificate tls = ServingCertificate.forStateDir(state.root());
    KubeApiServer server = new KubeApiServer(store, views, token, tls);
    int bound;
    try {
      bound = server.start(port);
    } catch (Exception e) {
      server.close();
      throw new IOException(
          "cannot start the Kubernetes API on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    Kubeconfig.write(state.kubeconfig(), server.url(), tls.certificatePem(), token, "default");
    return new ApiEndpoint(server, token, bound);
  }

  String token() {
    return token.value();
  }

  int port() {
    return port;
  }

  String url() {
    return server.url();
  }

  @Override
  public void close() {
    server.close();
  }
}
