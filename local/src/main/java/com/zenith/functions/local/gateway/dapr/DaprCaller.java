package com.zenith.functions.local.gateway.dapr;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.local.gateway.Route;
import com.zenith.functions.local.gateway.RouteTable;

/**
 * The function a Dapr request comes from (known by the gateway port it arrived on), and how app IDs
 * resolve for it: a bare ID in its namespace, {@code <app-id>.<namespace>} anywhere.
 *
 * @param name the calling function, or null on the gateway's main port
 * @param namespace its namespace, or null on the main port (then bare IDs mean {@code default})
 */
public record DaprCaller(String name, String namespace) {

  /** The target of an invocation: a running function, or Dapr's error saying why not. */
  public record Target(Route route, DaprError error) {}

  /** The caller's own app ID: its Dapr app ID, else its name; {@code ""} on the main port. */
  public String appId(RouteTable routes) {
    if (name == null) {
      return "";
    }
    Route own = routes.get(namespace, name);
    return own != null && own.appId() != null ? own.appId() : name;
  }

  /**
   * The caller as the gateway's hops name it ({@code HopObserver}): {@code <ns>/<name>}, or {@code
   * external} on behalf of no function.
   */
  public String hopName() {
    return name == null ? "external" : namespace + "/" + name;
  }

  /** What {@code /v1.0/metadata} answers this caller. */
  public DaprMetadata metadata(RouteTable routes) {
    Route own = name == null ? null : routes.get(namespace, name);
    return new DaprMetadata(
        appId(routes), own == null ? 0 : Math.max(0, own.port()), routes.knownAppIds());
  }

  /** Resolves {@code appId} to a running Dapr-enabled function, or Dapr's ERR_DIRECT_INVOKE. */
  public Target resolve(RouteTable routes, String appId) {
    Route r = routes.byAppId(appId, namespace);
    if (r == null) {
      String ns = namespace == null ? FunctionNames.DEFAULT_NAMESPACE : namespace;
      String where = appId.contains(".") ? "" : " in namespace " + ns;
      return new Target(
          null,
          DaprError.noSuchApp(
              appId,
              "no function with Dapr enabled has this app ID"
                  + where
                  + " (known: "
                  + (routes.knownAppIds().isEmpty()
                      ? "none"
                      : String.join(", ", routes.knownAppIds()))
                  + "); set spec.deploy.dapr.enabled: true (and appID) on the target"));
    }
    if (!r.up()) {
      return new Target(
          null,
          DaprError.noSuchApp(
              appId, "function " + r.key() + " is not running (" + r.downReason() + ")"));
    }
    return new Target(r, null);
  }
}
