package com.zenith.functions.local.kube;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The kubeconfig that points kubectl (or any client) at the engine's API: one cluster, user and
 * context, each named {@code zenith}.
 */
public final class Kubeconfig {
  /** The name of the cluster, user and context. */
  public static final String NAME = "zenith";

  private Kubeconfig() {}

  /**
   * The kubeconfig YAML for {@code serverUrl} and {@code token} (pure); {@code caPem} is the
   * certificate to trust for an https URL (null for http).
   */
  public static String render(String serverUrl, String caPem, Token token, String namespace) {
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: "
        + NAME
        + "\n"
        + "  cluster:\n"
        + "    server: "
        + quote(serverUrl)
        + "\n"
        + (caPem == null
            ? ""
            : "    certificate-authority-data: "
                + java.util.Base64.getEncoder()
                    .encodeToString(caPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                + "\n")
        + "users:\n"
        + "- name: "
        + NAME
        + "\n"
        + "  user:\n"
        + "    token: "
        + quote(token.value())
        + "\n"
        + "contexts:\n"
        + "- name: "
        + NAME
        + "\n"
        + "  context:\n"
        + "    cluster: "
        + NAME
        + "\n"
        + "    user: "
        + NAME
        + "\n"
        + "    namespace: "
        + quote(namespace)
        + "\n"
        + "current-context: "
        + NAME
        + "\n"
        + "preferences: {}\n";
  }

  /** Writes the kubeconfig to {@code file} with mode 0600, atomically. */
  public static void write(Path file, String serverUrl, String caPem, Token token, String namespace)
      throws IOException {
    Token.writePrivate(file, render(serverUrl, caPem, token, namespace));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
