package com.zenith.functions.api.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitBasicAuthTest {

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void basicAuthGivesUserAndPasswordAndATokenIsThePasswordOfUserGit() {
    assertThat(
            GitBasicAuth.fromSecretData(
                Map.of("username", b64("ada"), "password", b64("s3cret"), "token", b64("t"))))
        .contains(new GitBasicAuth("ada", "s3cret"));
    assertThat(GitBasicAuth.fromSecretData(Map.of("token", b64("ghp_x"))))
        .contains(new GitBasicAuth("git", "ghp_x"));
  }

  @Test
  void anSshSecretOrNoDataGivesNone() {
    assertThat(GitBasicAuth.fromSecretData(Map.of("ssh-privatekey", b64("KEY")))).isEmpty();
    assertThat(GitBasicAuth.fromSecretData(null)).isEmpty();
  }

  @Test
  void aValueThatIsNotBase64IsNamedByItsKeyNeverShown() {
    assertThatThrownBy(() -> GitBasicAuth.fromSecretData(Map.of("token", "not base64!")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'token' of the git Secret is not base64");
    assertThat(new GitBasicAuth("ada", "s3cret").toString()).doesNotContain("s3cret");
  }
}
