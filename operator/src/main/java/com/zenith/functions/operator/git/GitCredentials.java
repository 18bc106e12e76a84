package com.zenith.functions.operator.git;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Reads a Function's git Secret when a revision is resolved (never cached): {@code username} and
 * {@code password} of a basic-auth Secret, or a {@code token} (sent as the password, as GitHub,
 * GitLab and Gitea accept it). An ssh-auth Secret gives nothing: ls-remote over ssh is not done.
 */
public final class GitCredentials implements GitRevisionTracker.CredentialSource {

  private final KubernetesClient client;

  /** Reads through {@code client}. */
  public GitCredentials(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public GitRemote.Credentials read(String namespace, String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    return secret == null ? null : of(secret);
  }

  /** The credentials in a Secret, or null when it holds none ls-remote can use. */
  static GitRemote.Credentials of(Secret secret) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String user = decode(data.get("username"));
    String password = decode(data.get("password"));
    String token = decode(data.get("token"));
    if (password == null && token != null) {
      password = token;
    }
    if (password == null) {
      return null;
    }
    return new GitRemote.Credentials(user == null || user.isEmpty() ? "git" : user, password);
  }

  private static String decode(String value) {
    return value == null
        ? null
        : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }
}
