package com.zenith.functions.operator.git;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads a push webhook of GitHub ({@code X-Hub-Signature-256}: HMAC-SHA256 of the body), GitLab
 * ({@code X-Gitlab-Token}: the shared secret itself) or Gitea ({@code X-Gitea-Signature}:
 * HMAC-SHA256 of the body, hex) and verifies it with the shared secret. Pure: headers and body in,
 * verdict out.
 */
public final class PushWebhook {

  /** What to do with a request. */
  public sealed interface Verdict permits Push, Ignored, Refused {}

  /**
   * A verified push of {@code ref} to {@code commit}.
   *
   * @param repoUrls every URL the payload gives for the repository (https, ssh, web)
   */
  public record Push(List<String> repoUrls, String ref, String commit) implements Verdict {}

  /** Verified, but nothing to follow (another event, a deleted branch). */
  public record Ignored(String why) implements Verdict {}

  /** Not verified (401) or not readable (400). */
  public record Refused(int status, String why) implements Verdict {}

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ZERO_COMMIT = "0".repeat(40);

  private PushWebhook() {}

  /**
   * The verdict on a request.
   *
   * @param headers request headers, names in lowercase
   * @param body the raw body (signatures are over these bytes)
   * @param secret the shared secret; empty refuses everything
   */
  public static Verdict read(Map<String, String> headers, byte[] body, String secret) {
    if (secret == null || secret.isEmpty()) {
      return new Refused(401, "no webhook secret is configured (ZENITH_WEBHOOK_SECRET)");
    }
    String github = headers.get("x-hub-signature-256");
    String gitlab = headers.get("x-gitlab-token");
    String gitea = headers.get("x-gitea-signature");
    boolean verified;
    String event;
    if (github != null) {
      verified = github.startsWith("sha256=") && sameHex(github.substring(7), hmac(secret, body));
      event = headers.getOrDefault("x-github-event", "");
    } else if (gitea != null) {
      verified = sameHex(gitea, hmac(secret, body));
      event = headers.getOrDefault("x-gitea-event", "");
    } else if (gitlab != null) {
      verified =
          MessageDigest.isEqual(
              gitlab.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
      event = headers.getOrDefault("x-gitlab-event", "");
    } else {
      return new Refused(401, "no X-Hub-Signature-256, X-Gitlab-Token or X-Gitea-Signature header");
    }
    if (!verified) {
      return new Refused(401, "the signature does not match the shared secret");
    }
    String e = event.toLowerCase(Locale.ROOT);
    if (!e.equals("push") && !e.equals("push hook") && !e.equals("tag push hook")) {
      return new Ignored("event " + event + " is not a push");
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(body);
    } catch (IOException ex) {
      return new Refused(400, "the body is not JSON");
    }
    String ref = json.path("ref").asText("");
    String after = json.path("after").asText("");
    if (ref.isEmpty() || after.isEmpty()) {
      return new Refused(400, "the payload has no ref or after");
    }
    if (after.equals(ZERO_COMMIT)) {
      return new Ignored(ref + " was deleted");
    }
    List<String> urls = new ArrayList<>();
    for (String holder : List.of("repository", "project")) {
      JsonNode r = json.path(holder);
      for (String field :
          List.of(
              "clone_url",
              "ssh_url",
              "html_url",
              "git_url",
              "git_http_url",
              "git_ssh_url",
              "web_url",
              "url",
              "homepage")) {
        String u = r.path(field).asText("");
        if (!u.isEmpty() && !urls.contains(u)) {
          urls.add(u);
        }
      }
    }
    if (urls.isEmpty()) {
      return new Refused(400, "the payload names no repository URL");
    }
    return new Push(List.copyOf(urls), ref, after);
  }

  /** HMAC-SHA256 of {@code body} with {@code secret}, hex, as the forges sign. */
  public static String hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static boolean sameHex(String given, String expected) {
    return MessageDigest.isEqual(
        given.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
        expected.getBytes(StandardCharsets.US_ASCII));
  }
}
