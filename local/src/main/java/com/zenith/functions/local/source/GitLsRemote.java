package com.zenith.functions.local.source;

import com.zenith.functions.api.source.GitBasicAuth;
import com.zenith.functions.api.source.LsRemoteRefs;
import java.io.IOException;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * {@code git ls-remote} through JGit: the commit a revision points at on the remote now, chosen
 * among the refs by the API module's {@link LsRemoteRefs} (the operator's rule too).
 */
public final class GitLsRemote {
  private final int timeoutSeconds;

  /** Asks remotes with this network timeout. */
  public GitLsRemote(int timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  /**
   * The commit {@code revision} resolves to at {@code url} ({@code auth} may be null); an annotated
   * tag gives the commit it points at.
   *
   * @throws IOException when the remote cannot be asked or has no such branch or tag
   */
  public String commit(String url, String revision, GitBasicAuth auth) throws IOException {
    Map<String, Ref> refs;
    try {
      var ls = Git.lsRemoteRepository().setRemote(url).setTimeout(timeoutSeconds);
      if (auth != null) {
        ls.setCredentialsProvider(
            new UsernamePasswordCredentialsProvider(auth.username(), auth.password()));
      }
      refs = ls.callAsMap();
    } catch (GitAPIException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IOException("git ls-remote " + url + " failed: " + why.strip(), e);
    }
    return LsRemoteRefs.of(refs, r -> hex(r.getObjectId()), r -> hex(r.getPeeledObjectId()))
        .commitOf(revision)
        .orElseThrow(() -> new IOException(url + " has no branch or tag " + revision));
  }

  private static String hex(ObjectId id) {
    return id == null ? null : id.name();
  }
}
