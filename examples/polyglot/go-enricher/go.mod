module example.com/go-enricher

go 1.19
