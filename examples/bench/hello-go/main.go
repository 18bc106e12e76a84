// A trivial function for the gateway benchmark: answers every request with a small JSON body.
package main

import (
	"io"
	"net/http"
	"os"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	body := []byte(`{"status":"ok"}`)
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
	http.ListenAndServe(os.Getenv("HOST")+":"+port, nil)
}
