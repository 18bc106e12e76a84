package com.zenith.functions.operator.git;

import com.zenith.functions.api.source.LsRemoteRefs;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * {@code git ls-remote} through JGit: the commit a revision points at on the remote, now, chosen
 * among the refs by the API module's {@link LsRemoteRefs} (the local engine's rule too).
 */
public final class GitRemote {

  /** Basic-auth credentials for the remote (a token goes in {@code password}). */
  public record Credentials(String username, String password) {}

  /** The remote could not be asked, or does not have the revision. */
  public static final class GitRemoteException extends Exception {
    private static final long serialVersionUID = 1L;

    GitRemoteException(String message) {
      super(message);
    }
  }

  private final int timeoutSeconds;

  /** Asks remotes with this network timeout. */
  public GitRemote(int timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  /**
   * The commit {@code revision} resolves to at {@code url}; {@code credentials} may be null. An
   * annotated tag resolves to the commit it points at.
   */
  public String resolve(String url, String revision, Credentials credentials)
      throws GitRemoteException {
    Map<String, Ref> refs;
    try {
      var ls = Git.lsRemoteRepository().setRemote(url).setTimeout(timeoutSeconds);
      if (credentials != null) {
        ls.setCredentialsProvider(
            new UsernamePasswordCredentialsProvider(
                credentials.username(), credentials.password()));
      }
      refs = ls.callAsMap();
    } catch (GitAPIException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new GitRemoteException("git ls-remote " + url + " failed: " + why.strip());
    }
    return LsRemoteRefs.of(refs, r -> hex(r.getObjectId()), r -> hex(r.getPeeledObjectId()))
        .commitOf(revision)
        .orElseThrow(() -> new GitRemoteException(url + " has no branch or tag " + revision));
  }

  private static String hex(ObjectId id) {
    return id == null ? null : id.name();
  }
}
