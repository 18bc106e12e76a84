package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.v1alpha1.Visibility;
import org.junit.jupiter.api.Test;

/** Hosts resolve to functions by their cluster and external names, and nothing else. */
class RouteTableTest {
  private final RouteTable table = new RouteTable();

  RouteTableTest() {
    table.put(new Route("audit-logger", "default", Visibility.CLUSTER_LOCAL, null, 4001, null));
    table.put(new Route("web", "team", Visibility.EXTERNAL, "web-app", 4002, null));
    table.put(new Route("down", "default", Visibility.CLUSTER_LOCAL, null, 0, "BuildFailed: oops"));
  }

  @Test
  void clusterNamesInEveryFormResolve() {
    for (String host :
        new String[] {
          "audit-logger.default.svc.cluster.local",
          "audit-logger.default.svc.cluster.local:80",
          "AUDIT-LOGGER.default.svc.cluster.local.",
          "audit-logger.default.svc",
          "audit-logger.default"
        }) {
      assertThat(table.resolve(host, null)).as(host).isInstanceOf(RouteTable.Forward.class);
    }
  }

  @Test
  void aBareNameResolvesInTheCallersNamespaceOnly() {
    assertThat(table.resolve("audit-logger", "default")).isInstanceOf(RouteTable.Forward.class);
    assertThat(table.resolve("audit-logger", null)).isInstanceOf(RouteTable.Unknown.class);
    assertThat(table.resolve("audit-logger", "team")).isInstanceOf(RouteTable.Unknown.class);
  }

  @Test
  void externalNamesServeOnlyExternalFunctions() {
    assertThat(table.resolve("web.team.localhost:8080", null))
        .isInstanceOf(RouteTable.Forward.class);
    assertThat(table.resolve("audit-logger.default.localhost", null))
        .isInstanceOf(RouteTable.NotExternal.class);
  }

  @Test
  void unknownHostsAreUnknown() {
    for (String host :
        new String[] {
          "example.com", "evil.default.svc.cluster.local", "a.b.c.d", "audit-logger.other.svc"
        }) {
      assertThat(table.resolve(host, "default")).as(host).isInstanceOf(RouteTable.Unknown.class);
    }
  }

  @Test
  void loopbackNamesTheGatewayItself() {
    assertThat(table.resolve("localhost:8080", null)).isInstanceOf(RouteTable.Control.class);
    assertThat(table.resolve("127.0.0.1", null)).isInstanceOf(RouteTable.Control.class);
    assertThat(table.resolve(null, null)).isInstanceOf(RouteTable.Control.class);
  }

  @Test
  void aStoppedFunctionIsDownWithItsReason() {
    var d = table.resolve("down.default.svc.cluster.local", null);
    assertThat(d).isInstanceOf(RouteTable.Down.class);
    assertThat(((RouteTable.Down) d).route().downReason()).isEqualTo("BuildFailed: oops");
  }

  @Test
  void daprAppIdsResolveInTheCallersNamespaceOrTheOneTheyName() {
    assertThat(table.byAppId("web-app", "team").name()).isEqualTo("web");
    assertThat(table.byAppId("web-app.team", "default").name()).isEqualTo("web");
    assertThat(table.byAppId("web-app", "default"))
        .as("a bare ID is the caller's namespace")
        .isNull();
    assertThat(table.byAppId("web-app", null)).as("no caller: the default namespace").isNull();
    assertThat(table.byAppId("web-app.other", "team")).isNull();
    assertThat(table.byAppId("nope", "team")).isNull();
    assertThat(table.byAppId("audit-logger", "default"))
        .as("a function without Dapr has no app ID")
        .isNull();
    assertThat(table.knownAppIds()).containsExactly("web-app.team");
  }
}
