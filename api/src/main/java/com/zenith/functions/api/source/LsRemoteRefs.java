package com.zenith.functions.api.source;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The refs a remote advertised to {@code git ls-remote}, and the commit a revision names among
 * them: the rule both engines follow a moving revision by, so that they agree on what it is now.
 *
 * @param byName each advertised ref by its full name ({@code refs/heads/main}, {@code HEAD})
 */
public record LsRemoteRefs(Map<String, Advertised> byName) {

  /**
   * One advertised ref: the object it names and, for an annotated tag, the commit that tag peels to
   * (ls-remote's {@code ^{}} line), else null.
   */
  public record Advertised(String objectId, String peeledId) {

    /** The commit behind the ref: an annotated tag names a tag object, not the commit to build. */
    String commit() {
      return peeledId != null ? peeledId : objectId;
    }
  }

  /** Copies {@code byName}, so a later change to the caller's map cannot move a revision. */
  public LsRemoteRefs {
    byName = Map.copyOf(byName);
  }

  /**
   * The refs of a git client's ls-remote answer, {@code refs} by name: {@code objectId} and {@code
   * peeledId} read a ref's ids as hex, null where it has none. Both engines ask through JGit; this
   * keeps its types out of the API module.
   */
  public static <R> LsRemoteRefs of(
      Map<String, R> refs, Function<R, String> objectId, Function<R, String> peeledId) {
    Map<String, Advertised> byName = new HashMap<>();
    refs.forEach(
        (name, ref) -> byName.put(name, new Advertised(objectId.apply(ref), peeledId.apply(ref))));
    return new LsRemoteRefs(byName);
  }

  /**
   * The commit {@code revision} resolves to: the first of {@link GitRevisions#candidateRefs} that
   * is advertised with an id (a branch winning over a tag of the same name); empty when none is. A
   * full commit id is not a ref name, so it is found only if a ref happens to be called so; the
   * engines never ask for one, since it cannot move.
   */
  public Optional<String> commitOf(String revision) {
    for (String candidate : GitRevisions.candidateRefs(revision)) {
      Advertised ref = byName.get(candidate);
      String commit = ref == null ? null : ref.commit();
      if (commit != null) {
        return Optional.of(commit);
      }
    }
    return Optional.empty();
  }
}
