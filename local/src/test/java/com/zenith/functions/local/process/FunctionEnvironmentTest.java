package com.zenith.functions.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.validation.ManifestValidator;
import com.zenith.functions.api.validation.ValidationResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment a function process gets, computed without starting anything. */
class FunctionEnvironmentTest {
  private static final String FN =
      """
      apiVersion: functions.zenith.com/v1alpha1
      kind: Function
      metadata:
        name: payments
        namespace: shop
      spec:
        gitRepo: https://github.com/o/payments
        build:
          image: r/payments
        deploy:
          env:
            - name: GREETING
              value: hello
            - name: MESSAGE
              value: $(GREETING) world, $$(ESCAPED) and $(UNDEFINED)
            - name: API_KEY
              valueFrom:
                secretKeyRef:
                  name: creds
                  key: api-key
            - name: FLAGS
              valueFrom:
                configMapKeyRef:
                  name: settings
                  key: flags
            - name: OPTIONAL
              valueFrom:
                secretKeyRef:
                  name: absent
                  key: k
                  optional: true
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
            - name: POD_UID
              valueFrom:
                fieldRef:
                  fieldPath: metadata.uid
          envFrom:
            - prefix: CFG_
              configMapRef:
                name: settings
          dapr:
            enabled: true
      ---
      apiVersion: v1
      kind: Secret
      metadata:
        name: creds
        namespace: shop
      data:
        api-key: c2VjcmV0LXZhbHVl
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
        namespace: shop
      data:
        flags: a,b
        mode: fast
      """;

  private static ValidationResult load(String yaml) {
    ValidationResult r = new ManifestValidator().validateBytes("fn.yaml", yaml.getBytes());
    assertThat(r.diagnostics()).isEmpty();
    return r;
  }

  private static Map<String, String> resolve(
      ValidationResult r, FunctionEnvironment.Proxy proxy, Map<String, String> inherited) {
    var result =
        FunctionEnvironment.resolve(
            r.functions().get(0).function(), 4321, r.secrets(), r.configMaps(), proxy, inherited);
    assertThat(result).isInstanceOf(FunctionEnvironment.Ready.class);
    return ((FunctionEnvironment.Ready) result).variables();
  }

  @Test
  void givesWhatKnativeWouldAndResolvesEveryReference() {
    Map<String, String> env = resolve(load(FN), null, Map.of("PATH", "/usr/bin"));

    assertThat(env)
        .containsEntry("PATH", "/usr/bin")
        .containsEntry("PORT", "4321")
        .containsEntry("K_SERVICE", "payments")
        .containsEntry("K_CONFIGURATION", "payments")
        .containsEntry("HOST", "127.0.0.1")
        .containsEntry("GREETING", "hello")
        .containsEntry("MESSAGE", "hello world, $(ESCAPED) and $(UNDEFINED)")
        .containsEntry("API_KEY", "secret-value")
        .containsEntry("FLAGS", "a,b")
        .containsEntry("POD_NAME", "payments")
        .containsEntry("POD_NAMESPACE", "shop")
        .containsEntry("CFG_flags", "a,b")
        .containsEntry("CFG_mode", "fast")
        .doesNotContainKey("OPTIONAL");
    assertThat(env.get("POD_UID")).matches("[0-9a-f-]{36}");
    assertThat(resolve(load(FN), null, Map.of()).get("POD_UID"))
        .as("stable across runs")
        .isEqualTo(env.get("POD_UID"));
  }

  @Test
  void routesEachLanguagesHttpClientThroughTheGateway() {
    Map<String, String> env =
        resolve(
            load(FN),
            new FunctionEnvironment.Proxy(9999, "/state/node-preload.cjs", 50123),
            Map.of("JAVA_TOOL_OPTIONS", "-Xmx64m"));

    assertThat(env)
        .containsEntry("HTTP_PROXY", "http://127.0.0.1:9999")
        .containsEntry("http_proxy", "http://127.0.0.1:9999")
        .containsEntry("NO_PROXY", "localhost,127.0.0.1,::1")
        .containsEntry("NODE_OPTIONS", "--require /state/node-preload.cjs")
        .containsEntry("DAPR_HTTP_PORT", "9999")
        .containsEntry("APP_ID", "payments");
    assertThat(env.get("JAVA_TOOL_OPTIONS"))
        .startsWith("-Xmx64m -Dhttp.proxyHost=127.0.0.1 -Dhttp.proxyPort=9999");
  }

  @Test
  void aDaprEnabledFunctionGetsTheSidecarsHostAndBothPorts() {
    Map<String, String> env =
        resolve(load(FN), new FunctionEnvironment.Proxy(9999, null, 50123), Map.of());

    assertThat(env)
        .containsEntry("DAPR_HOST", "127.0.0.1")
        .containsEntry("DAPR_HTTP_PORT", "9999")
        .containsEntry("DAPR_GRPC_PORT", "50123")
        .containsEntry("APP_ID", "payments");
  }

  @Test
  void withoutDaprThereIsNoSidecarEnvironment() {
    String noDapr = FN.replace("    dapr:\n      enabled: true\n", "");
    assertThat(noDapr).isNotEqualTo(FN);
    Map<String, String> env =
        resolve(load(noDapr), new FunctionEnvironment.Proxy(9999, null, 50123), Map.of());

    assertThat(env)
        .containsKey("HTTP_PROXY")
        .doesNotContainKeys("DAPR_HOST", "DAPR_HTTP_PORT", "DAPR_GRPC_PORT", "APP_ID");
  }

  @Test
  void aMissingSecretOrConfigMapKeyNamesWhatIsMissing() {
    ValidationResult noSecret = load(FN.substring(0, FN.indexOf("---")));
    var missing =
        FunctionEnvironment.resolve(
            noSecret.functions().get(0).function(),
            1,
            noSecret.secrets(),
            noSecret.configMaps(),
            null,
            Map.of());

    assertThat(missing).isInstanceOf(FunctionEnvironment.Missing.class);
    assertThat(((FunctionEnvironment.Missing) missing).reason()).isEqualTo("ConfigMapNotFound");
    assertThat(((FunctionEnvironment.Missing) missing).message())
        .isEqualTo(
            "ConfigMap settings was not found in namespace shop; create it, or mark the reference optional: true.");

    ValidationResult noKey = load(FN.replace("api-key: c2VjcmV0LXZhbHVl", "other: eA=="));
    var keyMissing =
        FunctionEnvironment.resolve(
            noKey.functions().get(0).function(),
            1,
            noKey.secrets(),
            noKey.configMaps(),
            null,
            Map.of());
    assertThat(((FunctionEnvironment.Missing) keyMissing).message())
        .isEqualTo(
            "Secret creds has no key api-key; add it, or mark the reference optional: true.");
  }
}
