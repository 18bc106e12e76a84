// Second hop: adds a timestamp, then asks node-relay (by its cluster URL) to go on.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
)

func main() {
	host := os.Getenv("HOST")
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	ns := os.Getenv("POD_NAMESPACE")
	if ns == "" {
		ns = "default"
	}
	http.HandleFunc("/enrich", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		next := fmt.Sprintf("http://node-relay.%s.svc.cluster.local/relay?name=%s", ns, url.QueryEscape(name))
		resp, err := http.Get(next)
		if err != nil {
			http.Error(w, `{"error":"cannot reach node-relay"}`, http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		var rest map[string]interface{}
		if err := json.NewDecoder(resp.Body).Decode(&rest); err != nil || resp.StatusCode != 200 {
			http.Error(w, `{"error":"bad answer from node-relay"}`, http.StatusBadGateway)
			return
		}
		chain, _ := rest["chain"].([]interface{})
		rest["chain"] = append([]interface{}{"go-enricher (go)"}, chain...)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(rest)
	})
	log.Printf("go-enricher listening on %s:%s", host, port)
	log.Fatal(http.ListenAndServe(host+":"+port, nil))
}
