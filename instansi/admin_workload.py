"""Admin for workload runs and results (ABK). Imported at the end of instansi/admin.py."""
