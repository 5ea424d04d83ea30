"""Domain errors that map onto HTTP answers in the API and messages on pages."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule refused the change (HTTP 400 with a message)."""

    default_message = _("Permintaan tidak dapat diproses.")
    status_code = 400

    def __init__(self, message=None, *, field: str | None = None, errors: dict | None = None):
        self.message = message or self.default_message
        self.field = field
        self.errors = errors
        super().__init__(str(self.message))

    def as_dict(self) -> dict:
        if self.errors:
            return self.errors
        if self.field:
            return {self.field: [str(self.message)]}
        return {"detail": str(self.message)}


class TransitionNotAllowed(DomainError):
    """The object's current status does not allow this action (HTTP 409)."""

    default_message = _("Tindakan ini tidak diizinkan pada status saat ini.")
    status_code = 409
