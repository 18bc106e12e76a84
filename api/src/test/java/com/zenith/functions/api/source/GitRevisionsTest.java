package com.zenith.functions.api.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GitRevisionsTest {

  @Test
  void aFullCommitCannotMoveWhileBranchesTagsAndShortIdsCan() {
    assertThat(GitRevisions.canMove("0123456789abcdef0123456789abcdef01234567")).isFalse();
    assertThat(GitRevisions.canMove("a".repeat(64))).isFalse();
    assertThat(GitRevisions.canMove("main")).isTrue();
    assertThat(GitRevisions.canMove("v1.0.0")).isTrue();
    assertThat(GitRevisions.canMove("0123abc")).isTrue();
    assertThat(GitRevisions.canMove("0123456789ABCDEF0123456789ABCDEF01234567")).isTrue();
  }

  @Test
  void aShortNameIsLookedUpAsABranchFirstThenAsATag() {
    assertThat(GitRevisions.candidateRefs("main"))
        .containsExactly("refs/heads/main", "refs/tags/main");
    assertThat(GitRevisions.candidateRefs("refs/pull/1/head")).containsExactly("refs/pull/1/head");
  }
}
