package com.zenith.functions.operator.status;

import com.zenith.functions.api.conditions.FunctionMessages;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether Tekton's credential initialisation will use the git Secret: it reads only Secrets of type
 * {@code kubernetes.io/basic-auth} or {@code kubernetes.io/ssh-auth} that carry an annotation
 * {@code tekton.dev/git-<n>} naming the git host, and silently ignores any other. Pure.
 */
public final class GitSecretCheck {

  static final String BASIC_AUTH = "kubernetes.io/basic-auth";
  static final String SSH_AUTH = "kubernetes.io/ssh-auth";
  static final String ANNOTATION_PREFIX = "tekton.dev/git-";

  private GitSecretCheck() {}

  /** The condition message when Tekton would ignore {@code secret} for {@code gitRepo}. */
  public static Optional<String> problem(Secret secret, String gitRepo) {
    String type = Objects.requireNonNullElse(secret.getType(), "Opaque");
    Map<String, String> annotations =
        Objects.requireNonNullElse(secret.getMetadata().getAnnotations(), Map.of());
    boolean typed = type.equals(BASIC_AUTH) || type.equals(SSH_AUTH);
    boolean annotated =
        annotations.keySet().stream().anyMatch(k -> k.startsWith(ANNOTATION_PREFIX));
    if (typed && annotated) {
      return Optional.empty();
    }
    String problem =
        !typed && !annotated
            ? "has type " + type + " and no " + ANNOTATION_PREFIX + "* annotation"
            : !typed ? "has type " + type : "has no " + ANNOTATION_PREFIX + "* annotation";
    boolean ssh = type.equals(SSH_AUTH) || !gitRepo.matches("^https?://.*");
    String host = host(gitRepo);
    String annotation = ANNOTATION_PREFIX + "0: " + (ssh ? host : scheme(gitRepo) + host);
    return Optional.of(
        FunctionMessages.gitAuthUnusable(secret.getMetadata().getName(), problem, annotation));
  }

  private static String scheme(String url) {
    return url.startsWith("http://") ? "http://" : "https://";
  }

  /** The host of an https, ssh or scp-like git URL. */
  static String host(String url) {
    String u = url.replaceFirst("^[a-z+]+://", "");
    int at = u.indexOf('@');
    int slash = u.indexOf('/');
    if (at >= 0 && (slash < 0 || at < slash)) {
      u = u.substring(at + 1);
    }
    return u.split("[/:]", 2)[0];
  }
}
