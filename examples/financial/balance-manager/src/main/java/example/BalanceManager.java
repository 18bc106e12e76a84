package example;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.zenith.functions.sdk.Functions;
import com.zenith.functions.sdk.host.HttpError;
import com.zenith.functions.sdk.host.Idempotency;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Manages balances: POST /update {"account", "amount"} -> {"status":"updated","new_balance","account"},
 * then tells audit-logger, fire-and-forget. Unlike the guide's Go version it is safe under
 * concurrent requests (one atomic update per account, exact decimal sums) and applies a retried
 * request once (same Idempotency-Key, same answer).
 */
public final class BalanceManager {
  record UpdateRequest(String account, BigDecimal amount) {}

  record UpdateResponse(String status, @JsonProperty("new_balance") BigDecimal newBalance, String account) {}

  record AuditRequest(String action, Map<String, Object> details) {}

  private static final Map<String, BigDecimal> BALANCES = new ConcurrentHashMap<>();
  private static final Idempotency APPLIED = new Idempotency(100_000);

  public static void main(String[] args) {
    Functions.host()
        .post("/update", request -> {
          UpdateRequest req = request.body(UpdateRequest.class);
          if (req.account() == null || req.account().isBlank() || req.amount() == null) {
            throw new HttpError(400, "account and amount are required");
          }
          UpdateResponse res = APPLIED.apply(request.idempotencyKey(), () -> update(req));
          return res;
        })
        .get("/balance", request -> {
          String account = request.query("account");
          return new UpdateResponse("ok", BALANCES.getOrDefault(account, BigDecimal.ZERO), account);
        })
        .run();
  }

  private static UpdateResponse update(UpdateRequest req) {
    BigDecimal newBalance = BALANCES.merge(req.account(), req.amount(), BigDecimal::add);
    System.out.printf("Updated balance for %s: %s%n", req.account(), newBalance.toPlainString());
    // The audit is not worth failing a balance update for: fire-and-forget, failures counted and logged.
    Functions.call("audit-logger")
        .fireAndForget("/log", new AuditRequest("balance_update",
            Map.of("account", req.account(), "amount", req.amount(), "new_balance", newBalance)));
    return new UpdateResponse("updated", newBalance, req.account());
  }
}
