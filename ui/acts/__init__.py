"""«Акты и документы»: the act dialog, the list of acts, printing and PDF."""
