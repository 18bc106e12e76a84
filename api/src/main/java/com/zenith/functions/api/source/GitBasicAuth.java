package com.zenith.functions.api.source;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials both engines give git (ls-remote, and the local clone) from a Function's git
 * Secret: {@code username} and {@code password} of a basic-auth Secret, or a {@code token} sent as
 * the password (GitHub, GitLab and Gitea accept it), the user defaulting to {@code git}. An
 * ssh-auth Secret gives none.
 *
 * @param username the user name
 * @param password the password or token; never printed
 */
public record GitBasicAuth(String username, String password) {

  /**
   * The credentials in a Secret's {@code data} (base64 values, as the API serves them), or empty
   * when it holds no password or token.
   *
   * @throws IllegalArgumentException when one of those keys is not base64 (naming the key only)
   */
  public static Optional<GitBasicAuth> fromSecretData(Map<String, String> data) {
    Map<String, String> d = data == null ? Map.of() : data;
    String user = decode(d, "username");
    String password = decode(d, "password");
    if (password == null) {
      password = decode(d, "token");
    }
    if (password == null) {
      return Optional.empty();
    }
    return Optional.of(new GitBasicAuth(user == null || user.isEmpty() ? "git" : user, password));
  }

  private static String decode(Map<String, String> data, String key) {
    String value = data.get(key);
    if (value == null) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(value.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key '" + key + "' of the git Secret is not base64", e);
    }
  }

  /** Names the user only: the password must not reach a log. */
  @Override
  public String toString() {
    return "GitBasicAuth[username=" + username + ", password=***]";
  }
}
