package com.zenith.functions.operator.git;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's push webhook: verifies the request ({@link PushWebhook}) and hands a push to the
 * tracker. 401 when not verified, 400 when unreadable, 202 when verified but nothing follows that
 * repository and ref, 200 when Functions follow it (they build the pushed commit).
 */
public final class GitWebhook {

  /** An HTTP answer. */
  public record Reply(int status, String body) {}

  private static final Logger LOG = LoggerFactory.getLogger(GitWebhook.class);

  private final String secret;
  private final GitRevisionTracker tracker;

  /** A webhook verified with {@code secret}, feeding {@code tracker}. */
  public GitWebhook(String secret, GitRevisionTracker tracker) {
    this.secret = secret;
    this.tracker = tracker;
  }

  /** Handles one request (header names in lowercase). */
  public Reply handle(Map<String, String> headers, byte[] body) {
    PushWebhook.Verdict verdict = PushWebhook.read(headers, body, secret);
    return switch (verdict) {
      case PushWebhook.Refused r -> {
        LOG.warn("webhook refused status={} reason={}", r.status(), r.why());
        yield new Reply(r.status(), r.why());
      }
      case PushWebhook.Ignored i -> new Reply(202, "ignored: " + i.why());
      case PushWebhook.Push p -> {
        int n = tracker.pushed(p.repoUrls(), p.ref(), p.commit());
        LOG.info("webhook push ref={} commit={} functions={}", p.ref(), p.commit(), n);
        yield n == 0
            ? new Reply(202, "ignored: no Function follows " + p.ref() + " of this repository")
            : new Reply(200, n + " Function(s) follow " + p.ref() + "; building " + p.commit());
      }
    };
  }
}
