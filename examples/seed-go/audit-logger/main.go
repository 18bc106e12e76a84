package main

import (
    "encoding/json"
    "log"
    "net/http"
    "os"
    "time"
)

type AuditRequest struct {
    Action  string                 `json:"action"`
    Details map[string]interface{} `json:"details"`
}

type AuditResponse struct {
    Status    string    `json:"status"`
    Timestamp time.Time `json:"timestamp"`
}

func logHandler(w http.ResponseWriter, r *http.Request) {
    var req AuditRequest
    if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
        http.Error(w, err.Error(), http.StatusBadRequest)
        return
    }
    
    // Log audit
    log.Printf("[AUDIT] Action: %s, Details: %+v", req.Action, req.Details)
    
    response := AuditResponse{
        Status:    "logged",
        Timestamp: time.Now(),
    }
    
    w.Header().Set("Content-Type", "application/json")
    json.NewEncoder(w).Encode(response)
}

func main() {
    port := os.Getenv("PORT")
    if port == "" {
        port = "8080"
    }
    
    http.HandleFunc("/log", logHandler)
    log.Printf("Audit Logger listening on port %s", port)
    log.Fatal(http.ListenAndServe(":"+port, nil))
}
