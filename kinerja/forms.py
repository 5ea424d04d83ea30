"""Page forms: they validate input only; the services enforce the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from instansi.models import Agency
from kinerja.choices import Aspect, CoreValue, OrgRating, PlanKind, Rating


class ResultPlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis RHK"), choices=PlanKind.choices)
    description = forms.CharField(label=_("Rencana hasil kerja"), widget=forms.Textarea(attrs={"rows": 2}))
    parent = forms.TypedChoiceField(
        label=_("RHK atasan yang diintervensi"), required=False, coerce=int, empty_value=None
    )
    aspect = forms.ChoiceField(label=_("Aspek indikator"), choices=Aspect.choices)
    indicator = forms.CharField(label=_("Indikator"), max_length=300)
    target = forms.DecimalField(label=_("Target"), min_value=0, max_digits=14, decimal_places=2)
    unit_label = forms.CharField(label=_("Satuan"), max_length=60)

    def __init__(self, *args, parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("— tidak ada —"))] + [(p.pk, str(p)) for p in parents]


class RealiseForm(forms.Form):
    indicator = forms.IntegerField(widget=forms.HiddenInput)
    realised = forms.DecimalField(label=_("Realisasi"), min_value=0, max_digits=14, decimal_places=2)
    evidence_url = forms.URLField(label=_("Tautan bukti"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(label=_("Berkas bukti"), required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}))


class OptionalNoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionForm(forms.Form):
    reason = forms.CharField(label=_("Alasan keberatan"), widget=forms.Textarea(attrs={"rows": 3}))


class FeedbackForm(forms.Form):
    note = forms.CharField(label=_("Umpan balik"), widget=forms.Textarea(attrs={"rows": 3}))
    date = forms.DateField(label=_("Tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    quarter = forms.TypedChoiceField(
        label=_("Triwulan"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
    )


class RateForm(forms.Form):
    results_rating = forms.ChoiceField(label=_("Rating hasil kerja"), choices=Rating.choices)
    results_justification = forms.CharField(
        label=_("Justifikasi (wajib bila berbeda dari saran sistem)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    behaviour_rating = forms.ChoiceField(label=_("Rating perilaku kerja"), choices=Rating.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value in CoreValue:
            # Optional: a value left empty takes the overall behaviour rating.
            self.fields[f"b_{value.value}"] = forms.ChoiceField(
                label=value.label, choices=[("", "—"), *Rating.choices], required=False
            )
            self.fields[f"n_{value.value}"] = forms.CharField(
                label=_("Catatan %(v)s") % {"v": value.label}, required=False
            )

    def behaviour_rows(self):
        return [(self[f"b_{v.value}"], self[f"n_{v.value}"]) for v in CoreValue]

    def behaviours(self) -> dict:
        data = self.cleaned_data
        return {
            v.value: {"rating": data[f"b_{v.value}"], "note": data[f"n_{v.value}"]}
            for v in CoreValue
            if data.get(f"b_{v.value}") or data.get(f"n_{v.value}")
        }


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    quarterly_checkins = forms.BooleanField(label=_("Dengan evaluasi triwulanan"), required=False)


class BatchForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label=_("Perangkat daerah"), queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, region_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(region_id=region_id).order_by("name")


class OrgPerformanceForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=Agency.objects.none())
    rating = forms.ChoiceField(label=_("Predikat kinerja organisasi"), choices=OrgRating.choices)

    def __init__(self, *args, region_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(region_id=region_id).order_by("name")


class SetFinaliseForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=Agency.objects.none())

    def __init__(self, *args, region_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(region_id=region_id).order_by("name")
