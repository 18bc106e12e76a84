package com.zenith.functions.local.process;

import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FieldRefs;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.EnvFromSource;
import com.zenith.functions.api.v1alpha1.EnvVar;
import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a function process gets: what Knative would give the container (PORT, K_SERVICE,
 * ...), the Function's env and envFrom resolved against the Secrets and ConfigMaps loaded with it,
 * and the proxy settings that route cluster names through the gateway. Pure: spec and objects in,
 * variables (or the reason they cannot be computed) out.
 */
public final class FunctionEnvironment {
  private FunctionEnvironment() {}

  /** The variables, or why they cannot be given. */
  public sealed interface Result permits Ready, Missing {}

  /** The variables to start the process with. */
  public record Ready(Map<String, String> variables) implements Result {}

  /** A referenced Secret or ConfigMap is missing; the reason is a shared reason code. */
  public record Missing(String reason, String message) implements Result {}

  /**
   * Where the gateway is, as this function should reach it.
   *
   * @param port the function's own gateway port (HTTP proxy and Dapr HTTP API)
   * @param nodePreload the Node preload script, or null
   * @param daprGrpcPort the function's Dapr gRPC API port, 0 when none
   */
  public record Proxy(int port, String nodePreload, int daprGrpcPort) {}

  private static final Pattern REFERENCE = Pattern.compile("\\$\\(([-._a-zA-Z][-._a-zA-Z0-9]*)\\)");

  /** Computes the environment of {@code fn} listening on {@code port}. */
  public static Result resolve(
      Function fn,
      int port,
      List<Secret> secrets,
      List<ConfigMap> configMaps,
      Proxy proxy,
      Map<String, String> inherited) {
    String name = fn.getMetadata().getName();
    String ns = FunctionNames.namespace(fn);
    Map<String, String> env = new LinkedHashMap<>(inherited);
    env.put("PORT", Integer.toString(port));
    // A hint that well-behaved functions honour: on one machine, listen on loopback only.
    env.put("HOST", "127.0.0.1");
    env.put("K_SERVICE", name);
    env.put("K_CONFIGURATION", name);
    env.put("K_REVISION", name + "-local");
    if (proxy != null) {
      String url = "http://127.0.0.1:" + proxy.port();
      env.put("HTTP_PROXY", url);
      env.put("http_proxy", url);
      env.put("NO_PROXY", "localhost,127.0.0.1,::1");
      env.put("no_proxy", "localhost,127.0.0.1,::1");
      String javaOpts =
          "-Dhttp.proxyHost=127.0.0.1 -Dhttp.proxyPort="
              + proxy.port()
              + " -Dhttp.nonProxyHosts=localhost|127.*|[::1]";
      String existing = inherited.get("JAVA_TOOL_OPTIONS");
      env.put(
          "JAVA_TOOL_OPTIONS",
          existing == null || existing.isBlank() ? javaOpts : existing + " " + javaOpts);
      if (proxy.nodePreload() != null) {
        String nodeOpts = "--require " + proxy.nodePreload();
        String existingNode = inherited.get("NODE_OPTIONS");
        env.put(
            "NODE_OPTIONS",
            existingNode == null || existingNode.isBlank()
                ? nodeOpts
                : existingNode + " " + nodeOpts);
        env.put("ZENITH_GATEWAY_PORT", Integer.toString(proxy.port()));
      }
    }
    var deploy = fn.getSpec().deploy();
    if (proxy != null
        && deploy != null
        && deploy.dapr() != null
        && Boolean.TRUE.equals(deploy.dapr().enabled())) {
      // The gateway serves the sidecar's service invocation (HTTP and gRPC) on the function's own
      // ports, so Dapr SDKs work without a sidecar and the gateway knows who calls.
      env.put("DAPR_HOST", "127.0.0.1");
      env.put("DAPR_HTTP_PORT", Integer.toString(proxy.port()));
      if (proxy.daprGrpcPort() > 0) {
        env.put("DAPR_GRPC_PORT", Integer.toString(proxy.daprGrpcPort()));
      }
      env.put("APP_ID", appId(fn));
    }
    if (deploy != null && deploy.envFrom() != null) {
      for (EnvFromSource from : deploy.envFrom()) {
        String prefix = from.prefix() == null ? "" : from.prefix();
        if (from.configMapRef() != null) {
          ConfigMap cm = find(configMaps, ns, from.configMapRef().name());
          if (cm == null) {
            if (Boolean.TRUE.equals(from.configMapRef().optional())) {
              continue;
            }
            return new Missing(
                Reasons.CONFIG_MAP_NOT_FOUND,
                FunctionMessages.configMapNotFound(from.configMapRef().name(), ns));
          }
          configMapData(cm).forEach((k, v) -> env.put(prefix + k, v));
        } else if (from.secretRef() != null) {
          Secret s = find(secrets, ns, from.secretRef().name());
          if (s == null) {
            if (Boolean.TRUE.equals(from.secretRef().optional())) {
              continue;
            }
            return new Missing(
                Reasons.SECRET_NOT_FOUND,
                FunctionMessages.secretNotFound(from.secretRef().name(), ns));
          }
          secretData(s).forEach((k, v) -> env.put(prefix + k, v));
        }
      }
    }
    if (deploy != null && deploy.env() != null) {
      for (EnvVar e : deploy.env()) {
        if (e.valueFrom() == null) {
          env.put(e.name(), expand(e.value() == null ? "" : e.value(), env));
          continue;
        }
        var src = e.valueFrom();
        if (src.secretKeyRef() != null) {
          var ref = src.secretKeyRef();
          Secret s = find(secrets, ns, ref.name());
          String value = s == null ? null : secretData(s).get(ref.key());
          if (value == null) {
            if (Boolean.TRUE.equals(ref.optional())) {
              continue;
            }
            return new Missing(
                Reasons.SECRET_NOT_FOUND,
                s == null
                    ? FunctionMessages.secretNotFound(ref.name(), ns)
                    : "Secret "
                        + ref.name()
                        + " has no key "
                        + ref.key()
                        + "; add it, or mark the reference optional: true.");
          }
          env.put(e.name(), value);
        } else if (src.configMapKeyRef() != null) {
          var ref = src.configMapKeyRef();
          ConfigMap cm = find(configMaps, ns, ref.name());
          String value = cm == null ? null : configMapData(cm).get(ref.key());
          if (value == null) {
            if (Boolean.TRUE.equals(ref.optional())) {
              continue;
            }
            return new Missing(
                Reasons.CONFIG_MAP_NOT_FOUND,
                cm == null
                    ? FunctionMessages.configMapNotFound(ref.name(), ns)
                    : "ConfigMap "
                        + ref.name()
                        + " has no key "
                        + ref.key()
                        + "; add it, or mark the reference optional: true.");
          }
          env.put(e.name(), value);
        } else if (src.fieldRef() != null) {
          String path = src.fieldRef().fieldPath();
          String value = FieldRefs.value(fn, path);
          if (value == null) {
            return new Missing(
                Reasons.INVALID_SPEC,
                "fieldRef "
                    + path
                    + " cannot be resolved locally; use "
                    + FieldRefs.SUPPORTED_TEXT
                    + ".");
          }
          env.put(e.name(), value);
        } else {
          return new Missing(
              Reasons.INVALID_SPEC,
              "Variable " + e.name() + " uses a source zenith dev cannot resolve.");
        }
      }
    }
    return new Ready(env);
  }

  /** The Dapr app ID: spec.deploy.dapr.appID, or the Function's name when empty. */
  public static String appId(Function fn) {
    return FunctionNames.daprAppId(fn);
  }

  /** Kubernetes' $(VAR) expansion against the variables defined so far; $$ escapes. */
  static String expand(String value, Map<String, String> defined) {
    if (!value.contains("$")) {
      return value;
    }
    Matcher m = REFERENCE.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      int start = m.start();
      if (start > 0 && value.charAt(start - 1) == '$') {
        m.appendReplacement(sb, Matcher.quoteReplacement(m.group().substring(0)));
        continue;
      }
      String v = defined.get(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
    }
    m.appendTail(sb);
    return sb.toString().replace("$$(", "$(");
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T find(
      List<T> objects, String ns, String name) {
    for (T o : objects) {
      String ons =
          o.getMetadata().getNamespace() == null
              ? FunctionNames.DEFAULT_NAMESPACE
              : o.getMetadata().getNamespace();
      if (ons.equals(ns) && name.equals(o.getMetadata().getName())) {
        return o;
      }
    }
    return null;
  }

  private static Map<String, String> configMapData(ConfigMap cm) {
    Map<String, String> out = new LinkedHashMap<>();
    if (cm.getData() != null) {
      out.putAll(cm.getData());
    }
    return out;
  }

  private static Map<String, String> secretData(Secret s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s.getData() != null) {
      for (var e : s.getData().entrySet()) {
        try {
          out.put(
              e.getKey(),
              new String(Base64.getMimeDecoder().decode(e.getValue()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException bad) {
          // Never echo the value: it is a secret. A key that does not decode is left out.
        }
      }
    }
    if (s.getStringData() != null) {
      out.putAll(s.getStringData());
    }
    return out;
  }
}
