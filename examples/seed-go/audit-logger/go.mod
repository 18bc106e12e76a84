module audit-logger

go 1.19
