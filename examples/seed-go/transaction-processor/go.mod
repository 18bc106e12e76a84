module transaction-processor

go 1.19
