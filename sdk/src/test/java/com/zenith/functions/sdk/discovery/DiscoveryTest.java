package com.zenith.functions.sdk.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zenith.functions.sdk.TestServer;
import com.zenith.functions.sdk.Zenith;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
  private static final URI CLUSTER =
      URI.create("http://balance-manager.default.svc.cluster.local/update");

  @Test
  void envOverrideWinsThenClusterUrlInPodNamespace() {
    var env = Map.of("BALANCE_MANAGER_URL", "http://localhost:9000/");
    assertThat(new ServiceDiscovery(env, "default", "cluster.local").resolve("balance-manager"))
        .isEqualTo(URI.create("http://localhost:9000"));
    assertThat(new ServiceDiscovery(env, "fin", "cluster.local").resolve("audit-logger"))
        .isEqualTo(URI.create("http://audit-logger.fin.svc.cluster.local"));
    assertThat(ServiceDiscovery.envVarName("transaction-processor"))
        .isEqualTo("TRANSACTION_PROCESSOR_URL");
  }

  @Test
  void namespaceComesFromPodNamespaceThroughTheSdk() {
    try (var z = Zenith.builder().env(Map.of("POD_NAMESPACE", "payments")).build()) {
      assertThat(z.call("audit-logger").url("/log"))
          .isEqualTo(URI.create("http://audit-logger.payments.svc.cluster.local/log"));
    }
  }

  @Test
  void rejectsBadNamesAndBadOverrides() {
    var d =
        new ServiceDiscovery(
            Map.of("AUDIT_LOGGER_URL", "audit-logger:8080"), "default", "cluster.local");
    assertThatThrownBy(() -> d.resolve("Balance_Manager"))
        .hasMessageContaining("not a function name");
    assertThatThrownBy(() -> d.resolve("audit-logger")).hasMessageContaining("AUDIT_LOGGER_URL");
  }

  @Test
  void proxyFromHttpProxyEnvForClusterHostsOnly() {
    var sel =
        new EnvProxySelector(
            Map.of(
                "HTTP_PROXY", "http://127.0.0.1:8080", "NO_PROXY", "localhost,127.0.0.1,.internal"),
            new Properties(),
            null);
    assertThat(sel.select(CLUSTER))
        .containsExactly(
            new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("127.0.0.1", 8080)));
    assertThat(sel.select(URI.create("http://127.0.0.1:9000/x"))).containsExactly(Proxy.NO_PROXY);
    assertThat(sel.select(URI.create("http://localhost:9000/x"))).containsExactly(Proxy.NO_PROXY);
    assertThat(sel.select(URI.create("http://db.internal/x"))).containsExactly(Proxy.NO_PROXY);
    assertThat(sel.select(URI.create("http://internal/x"))).containsExactly(Proxy.NO_PROXY);
    assertThat(sel.select(URI.create("https://example.com/x"))).containsExactly(Proxy.NO_PROXY);
  }

  @Test
  void lowerCaseVariablesStarAndSchemelessProxy() {
    var lower =
        new EnvProxySelector(Map.of("http_proxy", "127.0.0.1:3128"), new Properties(), null);
    assertThat(lower.select(CLUSTER))
        .containsExactly(
            new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("127.0.0.1", 3128)));
    var star =
        new EnvProxySelector(
            Map.of("HTTP_PROXY", "http://p:1", "no_proxy", "*"), new Properties(), null);
    assertThat(star.select(CLUSTER)).containsExactly(Proxy.NO_PROXY);
    var none = new EnvProxySelector(Map.of(), new Properties(), null);
    assertThat(none.select(CLUSTER)).containsExactly(Proxy.NO_PROXY);
  }

  @Test
  void systemPropertiesWinOverTheEnvironment() {
    var props = new Properties();
    props.setProperty("http.proxyHost", "10.1.1.1");
    Proxy fromJdk = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("10.1.1.1", 80));
    ProxySelector jdk =
        new ProxySelector() {
          @Override
          public List<Proxy> select(URI uri) {
            return List.of(fromJdk);
          }

          @Override
          public void connectFailed(URI uri, java.net.SocketAddress sa, java.io.IOException e) {}
        };
    var sel = new EnvProxySelector(Map.of("HTTP_PROXY", "http://127.0.0.1:8080"), props, jdk);
    assertThat(sel.select(CLUSTER)).containsExactly(fromJdk);
  }

  /** The zenith dev situation: the cluster URL reaches a local process through HTTP_PROXY. */
  @Test
  void clusterUrlWorksThroughTheLocalProxyWithoutJvmFlags() throws Exception {
    try (var proxy =
            TestServer.start(
                (r, n) ->
                    TestServer.Reply.json(
                        200, "{\"status\":\"updated\",\"account\":\"ACC-001\"}"));
        var z =
            Zenith.builder()
                .env(
                    Map.of(
                        "HTTP_PROXY", "http://127.0.0.1:" + proxy.port(), "NO_PROXY", "localhost"))
                .systemProperties(new Properties())
                .build()) {
      record Update(String status, String account) {}
      Update u =
          z.call("balance-manager").post("/update", Map.of("account", "ACC-001"), Update.class);
      assertThat(u).isEqualTo(new Update("updated", "ACC-001"));
      var seen = proxy.requests().getFirst();
      assertThat(seen.uri())
          .isEqualTo(CLUSTER); // absolute-form request line: it went via the proxy
      assertThat(seen.header("Host")).isEqualTo("balance-manager.default.svc.cluster.local");
    }
  }
}
