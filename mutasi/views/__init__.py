"""The pages of mutasi, by subject: transfers, decrees, evaluations, delegations."""
