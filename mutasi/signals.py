"""Signals other apps listen to; mutasi imports none of them (apps above it, such as siasn, connect).

`transfer_executed` is sent inside `services.execution.transfer_execute`'s transaction, after the
employee has moved: a receiver that writes rows commits or rolls back with the move (siasn writes
its outbox row there, issue 16).
"""

from django.dispatch import Signal

# kwargs: request (mutasi.TransferRequest, with decree and destination_position), employee.
transfer_executed = Signal()
