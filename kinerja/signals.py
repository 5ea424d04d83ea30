"""Signals other apps listen to; kinerja imports none of them (apps above it, such as siasn, connect).

`appraisal_finalised` is sent by `Appraisal.finalise` (the transition every finalisation path takes:
one SKP or a whole set), inside the caller's transaction: a receiver's rows commit or roll back with
the finalisation (siasn writes its outbox row there, issue 16).
"""

from django.dispatch import Signal

# kwargs: appraisal (kinerja.Appraisal, status FINAL in memory; the caller saves it).
appraisal_finalised = Signal()
