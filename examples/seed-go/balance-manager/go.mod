module balance-manager

go 1.19
