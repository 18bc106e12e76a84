package com.zenith.functions.api.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.source.LsRemoteRefs.Advertised;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LsRemoteRefsTest {
  private static final String MAIN = "1111111111111111111111111111111111111111";
  private static final String TAG_OBJECT = "2222222222222222222222222222222222222222";
  private static final String TAGGED = "3333333333333333333333333333333333333333";
  private static final String LIGHT = "4444444444444444444444444444444444444444";

  private static final LsRemoteRefs REFS =
      new LsRemoteRefs(
          Map.of(
              "HEAD", new Advertised(MAIN, null),
              "refs/heads/main", new Advertised(MAIN, null),
              "refs/tags/v1", new Advertised(TAG_OBJECT, TAGGED),
              "refs/tags/light", new Advertised(LIGHT, null)));

  @Test
  void aBranchResolvesToTheCommitItPointsAt() {
    assertThat(REFS.commitOf("main")).contains(MAIN);
    assertThat(REFS.commitOf("refs/heads/main")).contains(MAIN);
    assertThat(REFS.commitOf("HEAD")).contains(MAIN);
  }

  @Test
  void aLightweightTagResolvesToItsCommit() {
    assertThat(REFS.commitOf("light")).contains(LIGHT);
  }

  @Test
  void anAnnotatedTagResolvesToThePeeledCommitNotTheTagObject() {
    assertThat(REFS.commitOf("v1")).contains(TAGGED);
    assertThat(REFS.commitOf("refs/tags/v1")).contains(TAGGED);
  }

  @Test
  void aBranchWinsOverATagOfTheSameName() {
    LsRemoteRefs both =
        new LsRemoteRefs(
            Map.of(
                "refs/heads/release", new Advertised(MAIN, null),
                "refs/tags/release", new Advertised(TAG_OBJECT, TAGGED)));

    assertThat(both.commitOf("release")).contains(MAIN);
  }

  @Test
  void aFullCommitIdIsNoRefNameSoItIsNotFoundAmongTheRefs() {
    assertThat(REFS.commitOf(MAIN)).isEmpty();
    assertThat(REFS.commitOf(TAGGED)).isEmpty();
  }

  @Test
  void aRevisionTheRemoteDoesNotAdvertiseIsNotFound() {
    assertThat(REFS.commitOf("develop")).isEmpty();
    assertThat(REFS.commitOf("refs/heads/v1")).isEmpty();
    assertThat(new LsRemoteRefs(Map.of()).commitOf("main")).isEmpty();
  }

  @Test
  void aRefAdvertisedWithoutAnIdFallsThroughToTheTag() {
    Map<String, Advertised> refs = new HashMap<>();
    refs.put("refs/heads/v2", new Advertised(null, null));
    refs.put("refs/tags/v2", new Advertised(LIGHT, null));

    assertThat(new LsRemoteRefs(refs).commitOf("v2")).contains(LIGHT);
  }

  @Test
  void laterChangesToTheGivenMapDoNotChangeTheAnswer() {
    Map<String, Advertised> refs = new HashMap<>();
    refs.put("refs/heads/main", new Advertised(MAIN, null));
    LsRemoteRefs copied = new LsRemoteRefs(refs);

    refs.put("refs/heads/main", new Advertised(LIGHT, null));

    assertThat(copied.commitOf("main")).contains(MAIN);
  }

  /** A git client's own ref type, as JGit's is to the engines. */
  private record ClientRef(String id, String peeled) {}

  @Test
  void aClientsRefsAreReadThroughTheGivenIdsKeepingTheirNames() {
    LsRemoteRefs read =
        LsRemoteRefs.of(
            Map.of(
                "refs/heads/main", new ClientRef(MAIN, null),
                "refs/tags/v1", new ClientRef(TAG_OBJECT, TAGGED)),
            ClientRef::id,
            ClientRef::peeled);

    assertThat(read.byName())
        .containsEntry("refs/heads/main", new Advertised(MAIN, null))
        .containsEntry("refs/tags/v1", new Advertised(TAG_OBJECT, TAGGED))
        .hasSize(2);
    assertThat(read.commitOf("v1")).contains(TAGGED);
  }
}
