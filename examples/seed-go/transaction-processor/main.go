package main

import (
    "bytes"
    "encoding/json"
    "fmt"
    "log"
    "net/http"
    "os"
    "time"
)

type TransactionRequest struct {
    Account string  `json:"account"`
    Amount  float64 `json:"amount"`
}

type TransactionResponse struct {
    Status        string    `json:"status"`
    TransactionID string    `json:"transaction_id"`
    Balance       float64   `json:"balance"`
    Timestamp     time.Time `json:"timestamp"`
}

type BalanceUpdateRequest struct {
    Account string  `json:"account"`
    Amount  float64 `json:"amount"`
}

type BalanceUpdateResponse struct {
    Status     string  `json:"status"`
    NewBalance float64 `json:"new_balance"`
    Account    string  `json:"account"`
}

func transactionHandler(w http.ResponseWriter, r *http.Request) {
    var req TransactionRequest
    if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
        http.Error(w, err.Error(), http.StatusBadRequest)
        return
    }
    
    log.Printf("Processing transaction: account=%s, amount=%.2f", req.Account, req.Amount)
    
    // Call Balance Manager
    namespace := os.Getenv("POD_NAMESPACE")
    if namespace == "" {
        namespace = "default"
    }
    balanceURL := fmt.Sprintf("http://balance-manager.%s.svc.cluster.local/update", namespace)
    
    updateReq := BalanceUpdateRequest{
        Account: req.Account,
        Amount:  req.Amount,
    }
    
    updateJSON, _ := json.Marshal(updateReq)
    resp, err := http.Post(balanceURL, "application/json", bytes.NewBuffer(updateJSON))
    if err != nil {
        log.Printf("Failed to call balance manager: %v", err)
        http.Error(w, "Failed to update balance", http.StatusInternalServerError)
        return
    }
    defer resp.Body.Close()
    
    var updateResp BalanceUpdateResponse
    if err := json.NewDecoder(resp.Body).Decode(&updateResp); err != nil {
        log.Printf("Failed to decode balance response: %v", err)
        http.Error(w, "Failed to decode balance response", http.StatusInternalServerError)
        return
    }
    
    log.Printf("Balance updated: %+v", updateResp)
    
    // Generate transaction ID
    transactionID := fmt.Sprintf("TXN-%d", time.Now().Unix())
    
    // Return response
    response := TransactionResponse{
        Status:        "success",
        TransactionID: transactionID,
        Balance:       updateResp.NewBalance,
        Timestamp:     time.Now(),
    }
    
    w.Header().Set("Content-Type", "application/json")
    json.NewEncoder(w).Encode(response)
}

func main() {
    port := os.Getenv("PORT")
    if port == "" {
        port = "8080"
    }
    
    http.HandleFunc("/transaction", transactionHandler)
    log.Printf("Transaction Processor listening on port %s", port)
    log.Fatal(http.ListenAndServe(":"+port, nil))
}
