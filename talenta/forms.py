"""Forms of the talent pages: validation only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmForm(forms.Form):
    main_candidate = forms.TypedChoiceField(label=_("Kandidat utama"), coerce=int)
    reason = forms.CharField(
        label=_("Alasan (wajib)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Tulis alasan konfirmasi; jika memilih selain kandidat utama sistem, alasan ini dicatat sebagai pengecualian."
        ),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["main_candidate"].choices = [
            (c.employee_id, f"{c.rank}. {c.employee.full_name}") for c in candidates
        ]
