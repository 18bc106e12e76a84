package main

import (
    "bytes"
    "encoding/json"
    "fmt"
    "log"
    "net/http"
    "os"
)

type UpdateRequest struct {
    Account string  `json:"account"`
    Amount  float64 `json:"amount"`
}

type UpdateResponse struct {
    Status     string  `json:"status"`
    NewBalance float64 `json:"new_balance"`
    Account    string  `json:"account"`
}

type AuditRequest struct {
    Action  string                 `json:"action"`
    Details map[string]interface{} `json:"details"`
}

var balances = make(map[string]float64)

func updateHandler(w http.ResponseWriter, r *http.Request) {
    var req UpdateRequest
    if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
        http.Error(w, err.Error(), http.StatusBadRequest)
        return
    }
    
    // Update balance
    balances[req.Account] += req.Amount
    newBalance := balances[req.Account]
    
    log.Printf("Updated balance for %s: %.2f", req.Account, newBalance)
    
    // Call Audit Logger
    namespace := os.Getenv("POD_NAMESPACE")
    if namespace == "" {
        namespace = "default"
    }
    auditURL := fmt.Sprintf("http://audit-logger.%s.svc.cluster.local/log", namespace)
    
    auditReq := AuditRequest{
        Action: "balance_update",
        Details: map[string]interface{}{
            "account":     req.Account,
            "amount":      req.Amount,
            "new_balance": newBalance,
        },
    }
    
    auditJSON, _ := json.Marshal(auditReq)
    resp, err := http.Post(auditURL, "application/json", bytes.NewBuffer(auditJSON))
    if err != nil {
        log.Printf("Failed to call audit logger: %v", err)
    } else {
        resp.Body.Close()
        log.Printf("Audit logged successfully")
    }
    
    // Return response
    response := UpdateResponse{
        Status:     "updated",
        NewBalance: newBalance,
        Account:    req.Account,
    }
    
    w.Header().Set("Content-Type", "application/json")
    json.NewEncoder(w).Encode(response)
}

func main() {
    port := os.Getenv("PORT")
    if port == "" {
        port = "8080"
    }
    
    http.HandleFunc("/update", updateHandler)
    log.Printf("Balance Manager listening on port %s", port)
    log.Fatal(http.ListenAndServe(":"+port, nil))
}
