from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choice_labels import ChoiceLabels


class User(AbstractUser):
    """The login account. The person behind it (NIP, post) is `instansi.Employee.user`."""

    # An account HR creates (or gives a new password to) carries an initial password someone else knows:
    # until its owner chooses their own, pages lead to the password change and the API answers 403
    # (core.first_login). The demo accounts are seeded with it off (README "Demo accounts").
    must_change_password = models.BooleanField(
        _("wajib mengganti sandi awal"),
        default=False,
        help_text=_(
            "Dicentang: pada masuk berikutnya pengguna harus mengganti sandinya sebelum memakai aplikasi; "
            "API menolaknya (403) sampai sandi diganti. Hilang sendiri setelah sandi diganti."
        ),
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @property
    def display_name(self) -> str:
        """How an account is shown to people: its full name, else its username (the one home of this)."""
        return self.get_full_name() or self.username


class TimeStampedModel(ChoiceLabels):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit row."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Jejak audit tidak dapat diubah.")

    def delete(self):
        raise AppendOnlyError("Jejak audit tidak dapat dihapus.")

    def for_target(self, obj: models.Model) -> "AuditEventQuerySet":
        return self.filter(target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk))


class AuditEvent(models.Model):
    """One business change: who (and on whose behalf), what, from/to, why, when.

    Append-only: the model refuses updates and deletes, the admin is read-only, and on PostgreSQL a
    trigger (migration 0002) refuses UPDATE/DELETE even from raw SQL.
    """

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("atas nama"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("aksi"), max_length=64, db_index=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("jenis objek"), null=True, blank=True, on_delete=models.PROTECT
    )
    target_id = models.CharField(_("id objek"), max_length=64, blank=True, db_index=True)
    target_repr = models.CharField(_("objek"), max_length=255, blank=True)
    from_state = models.CharField(_("dari"), max_length=64, blank=True)
    to_state = models.CharField(_("ke"), max_length=64, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    flagged = models.BooleanField(
        _("ditandai"), default=False, help_text=_("Pengecualian (override) yang harus terlihat di laporan.")
    )
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Jejak audit tidak dapat diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Jejak audit tidak dapat dihapus.")

    @property
    def actor_label(self) -> str:
        """Who acted, as pages show it: a job acting without a signed-in user (the TMT execution, the
        nightly runs) has no actor and is shown as "sistem"."""
        if self.actor is None:
            return str(_("sistem"))
        return self.actor.display_name

    @property
    def on_behalf_of_label(self) -> str:
        if self.on_behalf_of is None:
            return ""
        return self.on_behalf_of.display_name


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("dikirim e-mail"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title
