package com.zenith.functions.operator.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushWebhookTest {

  private static final String SECRET = "s3cret";
  private static final String COMMIT = "89abcdef0123456789abcdef0123456789abcdef";

  private static byte[] github() {
    return ("{\"ref\":\"refs/heads/main\",\"after\":\""
            + COMMIT
            + "\",\"repository\":{"
            + "\"clone_url\":\"https://github.com/acme/app.git\","
            + "\"ssh_url\":\"git@github.com:acme/app.git\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aGithubPushSignedWithTheSecretIsAPushOfTheRefToTheCommit() {
    byte[] body = github();
    var verdict =
        PushWebhook.read(
            Map.of(
                "x-github-event",
                "push",
                "x-hub-signature-256",
                "sha256=" + PushWebhook.hmac(SECRET, body)),
            body,
            SECRET);

    assertThat(verdict)
        .isEqualTo(
            new PushWebhook.Push(
                java.util.List.of("https://github.com/acme/app.git", "git@github.com:acme/app.git"),
                "refs/heads/main",
                COMMIT));
  }

  @Test
  void aWrongSignatureOrNoneOrNoSecretIsRefusedWith401() {
    byte[] body = github();
    assertThat(
            PushWebhook.read(
                Map.of(
                    "x-github-event",
                    "push",
                    "x-hub-signature-256",
                    "sha256=" + PushWebhook.hmac("other", body)),
                body,
                SECRET))
        .isInstanceOfSatisfying(
            PushWebhook.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
    assertThat(PushWebhook.read(Map.of("x-github-event", "push"), body, SECRET))
        .isInstanceOfSatisfying(
            PushWebhook.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
    assertThat(
            PushWebhook.read(
                Map.of("x-hub-signature-256", "sha256=" + PushWebhook.hmac("x", body)), body, ""))
        .isInstanceOfSatisfying(
            PushWebhook.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
  }

  @Test
  void gitlabIsVerifiedByItsTokenAndGiteaByItsHexSignature() {
    byte[] gitlab =
        ("{\"ref\":\"refs/heads/dev\",\"after\":\""
                + COMMIT
                + "\",\"project\":{"
                + "\"git_http_url\":\"https://gitlab.example.com/acme/app.git\"}}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(
            PushWebhook.read(
                Map.of("x-gitlab-event", "Push Hook", "x-gitlab-token", SECRET), gitlab, SECRET))
        .isInstanceOfSatisfying(
            PushWebhook.Push.class, p -> assertThat(p.ref()).isEqualTo("refs/heads/dev"));
    assertThat(
            PushWebhook.read(
                Map.of("x-gitlab-event", "Push Hook", "x-gitlab-token", "guess"), gitlab, SECRET))
        .isInstanceOf(PushWebhook.Refused.class);

    byte[] gitea =
        ("{\"ref\":\"refs/tags/v1\",\"after\":\""
                + COMMIT
                + "\",\"repository\":{"
                + "\"clone_url\":\"https://gitea.example.com/acme/app.git\"}}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(
            PushWebhook.read(
                Map.of(
                    "x-gitea-event", "push", "x-gitea-signature", PushWebhook.hmac(SECRET, gitea)),
                gitea,
                SECRET))
        .isInstanceOfSatisfying(
            PushWebhook.Push.class, p -> assertThat(p.commit()).isEqualTo(COMMIT));
  }

  @Test
  void otherEventsAndDeletedBranchesAreIgnored() {
    byte[] ping = "{\"zen\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(
            PushWebhook.read(
                Map.of(
                    "x-github-event",
                    "ping",
                    "x-hub-signature-256",
                    "sha256=" + PushWebhook.hmac(SECRET, ping)),
                ping,
                SECRET))
        .isInstanceOf(PushWebhook.Ignored.class);
    byte[] deleted =
        "{\"ref\":\"refs/heads/x\",\"after\":\"0000000000000000000000000000000000000000\",\"repository\":{\"clone_url\":\"u\"}}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(
            PushWebhook.read(
                Map.of(
                    "x-gitea-event",
                    "push",
                    "x-gitea-signature",
                    PushWebhook.hmac(SECRET, deleted)),
                deleted,
                SECRET))
        .isInstanceOf(PushWebhook.Ignored.class);
  }

  @Test
  void repositoryUrlsCompareByHostAndPath() {
    assertThat(RepositoryUrls.key("https://GitHub.com/acme/app.git/"))
        .isEqualTo(RepositoryUrls.key("git@github.com:acme/app"))
        .isEqualTo(RepositoryUrls.key("ssh://git@github.com:22/acme/app.git"))
        .isEqualTo("github.com/acme/app");
    assertThat(RepositoryUrls.key("https://github.com/acme/other"))
        .isNotEqualTo("github.com/acme/app");
  }
}
