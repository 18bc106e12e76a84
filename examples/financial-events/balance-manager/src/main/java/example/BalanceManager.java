package example;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.zenith.functions.sdk.Functions;
import com.zenith.functions.sdk.Json;
import com.zenith.functions.sdk.host.Idempotency;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event-driven balance-manager: takes com.example.transaction.created (its Trigger filters on
 * the type), applies it once per event id (delivery is at least once), and replies with
 * com.example.balance.updated, which the broker publishes for audit-logger.
 */
public final class BalanceManager {
  record TransactionCreated(@JsonProperty("transaction_id") String transactionId, String account, BigDecimal amount) {}

  record BalanceUpdated(
      @JsonProperty("transaction_id") String transactionId,
      String account,
      BigDecimal amount,
      @JsonProperty("new_balance") BigDecimal newBalance) {}

  private static final Map<String, BigDecimal> BALANCES = new ConcurrentHashMap<>();
  private static final Idempotency APPLIED = new Idempotency(100_000);

  public static void main(String[] args) {
    Functions.host()
        .onEvent(event -> {
          TransactionCreated txn = Json.read(event.getData().toBytes(), TransactionCreated.class);
          BalanceUpdated updated = APPLIED.apply(event.getId(), () -> {
            BigDecimal balance = BALANCES.merge(txn.account(), txn.amount(), BigDecimal::add);
            System.out.printf("Updated balance for %s: %s%n", txn.account(), balance.toPlainString());
            return new BalanceUpdated(txn.transactionId(), txn.account(), txn.amount(), balance);
          });
          return Functions.events().event("com.example.balance.updated", updated); // the reply
        })
        .get("/balance", request -> Map.of("account", request.query("account"), "balance", BALANCES.getOrDefault(request.query("account"), BigDecimal.ZERO)))
        .run();
  }
}
