"""«Должники»: balances per лицевой счёт, the debtors, notices and promises to pay."""
