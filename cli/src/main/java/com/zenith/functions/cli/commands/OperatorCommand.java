package com.zenith.functions.cli.commands;

import com.zenith.functions.cli.ExitCodes;
import com.zenith.functions.operator.FunctionOperator;
import com.zenith.functions.operator.OperatorConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zenith operator}: runs the cluster operator in this process against a kubeconfig, as
 * kubebuilder's {@code make run} does: for developing the operator, or running it outside the
 * cluster.
 */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Zenith operator in this process against the cluster of the current kubeconfig"
          + " (KUBECONFIG or ~/.kube/config), until Ctrl-C.",
      "It needs what the chart installs first: the CRD, and the Tekton Tasks in the tasks"
          + " namespace. Settings: the ZENITH_* variables of docs/operator.md; the options below"
          + " override them. It acts with your kubeconfig's credentials, not the chart's RBAC."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Stopped (Ctrl-C or SIGTERM).",
      "1:The API server cannot be reached (the message names it).",
      "2:Wrong usage."
    })
public final class OperatorCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Kubeconfig to use instead of KUBECONFIG or ~/.kube/config.")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "Kubeconfig context; default: the current one.")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description =
          "Reconcile Functions only in this namespace (repeatable); default: all, or"
              + " ZENITH_WATCH_NAMESPACES.")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "Port of /healthz, /readyz and /metrics; default: ZENITH_HTTP_PORT or 8081.")
  Integer httpPort;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Config config = clientConfig();
    String server = config.getMasterUrl();
    String problem = unreachable(config);
    if (problem != null) {
      err.println("zenith: cannot reach the Kubernetes API server at " + server + ": " + problem);
      err.println(
          "Check the kubeconfig (--kubeconfig, --context, KUBECONFIG) and that the cluster runs.");
      return ExitCodes.INVALID;
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    if (!namespaces.isEmpty()) {
      env.put("ZENITH_WATCH_NAMESPACES", String.join(",", namespaces));
    }
    if (httpPort != null) {
      env.put("ZENITH_HTTP_PORT", String.valueOf(httpPort));
    }
    OperatorConfig operatorConfig = OperatorConfig.fromEnv(env);
    spec.commandLine()
        .getOut()
        .println(
            "zenith: running the operator against "
                + server
                + " (namespaces: "
                + (operatorConfig.namespaces().isEmpty() ? "all" : operatorConfig.namespaces())
                + ", http port "
                + operatorConfig.httpPort()
                + "); Ctrl-C stops it");
    spec.commandLine().getOut().flush();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    FunctionOperator.run(operatorConfig, client);
    return ExitCodes.OK;
  }

  private Config clientConfig() {
    if (kubeconfig != null) {
      return Config.fromKubeconfig(context, kubeconfig.toFile());
    }
    return Config.autoConfigure(context);
  }

  /** Null when {@code /version} answers within a few seconds, else why not. */
  private static String unreachable(Config config) {
    Config probe =
        new ConfigBuilder(config)
            .withConnectionTimeout(5_000)
            .withRequestTimeout(5_000)
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(probe).build()) {
      client.getKubernetesVersion();
      return null;
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      String message = cause.getMessage();
      return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
  }
}
