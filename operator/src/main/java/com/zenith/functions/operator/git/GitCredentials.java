package com.zenith.functions.operator.git;

import com.zenith.functions.api.source.GitBasicAuth;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

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

  /** The credentials in a Secret (the API module's rule, as the local engine reads them). */
  static GitRemote.Credentials of(Secret secret) {
    return GitBasicAuth.fromSecretData(secret.getData())
        .map(a -> new GitRemote.Credentials(a.username(), a.password()))
        .orElse(null);
  }
}
