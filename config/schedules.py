"""Every periodic job, declared once. `manage.py sync_schedules` copies missing entries into
django-celery-beat's tables; after that HR edits times in the admin (an edited entry is kept)."""

# name -> (registered task name, crontab fields). The workload tasks live in workload/tasks.py but keep
# the names they were registered under in instansi (existing periodic task rows store them).
SCHEDULES: dict[str, tuple[str, dict]] = {
    "Analisis beban kerja malam hari": (
        "instansi.tasks.workload_nightly_task",
        {"minute": "30", "hour": "1"},
    ),
    "Hapus analisis beban kerja lama": (
        "instansi.tasks.workload_prune_task",
        {"minute": "0", "hour": "3"},
    ),
    "Pengingat tenggat tahap usulan mutasi": (
        "mutasi.tasks.deadline_reminders_task",
        {"minute": "0", "hour": "7"},
    ),
    # Issue 21: silence past the employee's deadline is recorded as "no objection"; the chain moves on.
    "Catat pegawai yang tidak menjawab konsultasi": (
        "mutasi.tasks.consultation_silence_task",
        {"minute": "20", "hour": "0"},
    ),
    "Pelaksanaan mutasi pada TMT": ("mutasi.tasks.execute_due_transfers_task", {"minute": "5", "hour": "0"}),
    "Pengingat evaluasi pascamutasi": (
        "mutasi.tasks.evaluation_reminders_task",
        {"minute": "15", "hour": "7"},
    ),
    "Buat ulang PDF SK yang belum terbentuk": (
        "mutasi.tasks.decree_pdf_sweep_task",
        {"minute": "*/15"},
    ),
    "Hapus berkas usulan mutasi yatim": (
        "mutasi.tasks.sweep_orphan_files_task",
        {"minute": "40", "hour": "2"},
    ),
    # SIASN (issue 16): resend what a lost task or a dead worker left; nightly reconciliation.
    "Kirim ulang antrean SIASN": ("siasn.tasks.outbox_flush_task", {"minute": "*/10"}),
    "Rekonsiliasi SIASN malam hari": ("siasn.tasks.reconcile_task", {"minute": "45", "hour": "2"}),
}
