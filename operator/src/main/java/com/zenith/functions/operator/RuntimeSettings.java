package com.zenith.functions.operator;

import java.time.Duration;

/**
 * Settings of the operator's own loops (not of the children it writes).
 *
 * @param gitPollInterval how often a Function's git revision that can move (a branch, a tag) is
 *     resolved to a commit with {@code git ls-remote}; zero turns polling off (webhooks still work)
 * @param webhookSecret the shared secret push webhooks are verified with; empty turns the webhook
 *     endpoint off (every request gets 401)
 * @param recheckInterval how soon a Function waiting for something the operator does not watch (a
 *     Secret or ConfigMap it reads on demand, RBAC, an Instrumentation) is reconciled again
 */
public record RuntimeSettings(
    Duration gitPollInterval, String webhookSecret, Duration recheckInterval) {

  /** The defaults, as documented in docs/operator.md. */
  public static RuntimeSettings defaults() {
    return new RuntimeSettings(Duration.ofSeconds(60), "", Duration.ofSeconds(10));
  }

  /** A copy with another poll interval. */
  public RuntimeSettings withGitPollInterval(Duration interval) {
    return new RuntimeSettings(interval, webhookSecret, recheckInterval);
  }

  /** A copy with another webhook secret. */
  public RuntimeSettings withWebhookSecret(String secret) {
    return new RuntimeSettings(gitPollInterval, secret, recheckInterval);
  }

  /** A copy with another recheck interval. */
  public RuntimeSettings withRecheckInterval(Duration interval) {
    return new RuntimeSettings(gitPollInterval, webhookSecret, interval);
  }
}
