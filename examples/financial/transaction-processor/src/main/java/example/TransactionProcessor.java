package example;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.zenith.functions.sdk.Functions;
import com.zenith.functions.sdk.call.CallException;
import com.zenith.functions.sdk.call.CircuitOpenException;
import com.zenith.functions.sdk.host.HttpError;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Processes transactions: POST /transaction {"account", "amount"} -> {"status":"success",
 * "transaction_id","balance","timestamp"}, by calling balance-manager with a timeout, retries that
 * reuse one Idempotency-Key, and a circuit breaker.
 */
public final class TransactionProcessor {
  record TransactionRequest(String account, BigDecimal amount) {}

  record BalanceUpdateRequest(String account, BigDecimal amount) {}

  record BalanceUpdateResponse(String status, @JsonProperty("new_balance") BigDecimal newBalance, String account) {}

  record TransactionResponse(
      String status,
      @JsonProperty("transaction_id") String transactionId,
      BigDecimal balance,
      Instant timestamp) {}

  public static void main(String[] args) {
    Functions.host()
        .post("/transaction", TransactionRequest.class, req -> {
          System.out.printf("Processing transaction: account=%s, amount=%s%n", req.account(), req.amount());
          BalanceUpdateResponse updated;
          try {
            updated = Functions.call("balance-manager")
                .post("/update", new BalanceUpdateRequest(req.account(), req.amount()), BalanceUpdateResponse.class);
          } catch (CircuitOpenException e) {
            throw new HttpError(503, "Failed to update balance: balance-manager is failing, not calling it for now", e);
          } catch (CallException e) {
            throw new HttpError(500, "Failed to update balance", e);
          }
          System.out.printf("Balance updated: %s%n", updated);
          Instant now = Instant.now();
          return new TransactionResponse("success", "TXN-" + now.getEpochSecond(), updated.newBalance(), now);
        })
        .run();
  }
}
