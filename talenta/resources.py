"""Spreadsheet import of assessment results (issue 20 point 2), on instansi's import tooling: the same
all-or-nothing rule, Indonesian headers, row-numbered reasons and the admin's preview screen
(instansi.imports, instansi.resources).

A row is matched by NIP and assessment date, so a corrected file imported again updates its rows. A blank
"Berlaku Sampai" takes the region rubric's validity (default 3 years, REGULATION.md 5)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from import_export import fields

from instansi.models import Employee
from instansi.resources import AllOrNothingResource, CachedCodeWidget, DateWidget, NipWidget, resource_meta
from talenta import rules
from talenta.choices import AssessmentSource
from talenta.models import Assessment, Rubric

DEFAULT_VALIDITY_YEARS = Rubric._meta.get_field("assessment_validity_years").default


class EmployeeByNipWidget(CachedCodeWidget):
    """The employee of a row by NIP, written as text or with the spaces of the grouped form."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(NipWidget().clean(value), row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return value.nip if value is not None else ""


class AssessmentResource(AllOrNothingResource):
    HEADERS = {
        "employee": "NIP",
        "assessed_on": "Tanggal Penilaian",
        "managerial_score": "Skor Manajerial",
        "sociocultural_score": "Skor Sosial Kultural",
        "technical_score": "Skor Teknis",
        "assessor": "Asesor/Lembaga",
        "valid_until": "Berlaku Sampai",
    }
    employee = fields.Field(
        "employee", "employee", EmployeeByNipWidget(Employee, "nip", _("Pegawai dengan NIP"))
    )
    assessed_on = fields.Field("assessed_on", "assessed_on", DateWidget())
    valid_until = fields.Field("valid_until", "valid_until", DateWidget())

    Meta = resource_meta(
        model=Assessment,
        import_id_fields=("employee", "assessed_on"),
        fields=(
            "employee", "assessed_on", "managerial_score", "sociocultural_score", "technical_score", "assessor",
            "valid_until",
        ),
    )  # fmt: skip

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._validity: dict[int, int] | None = None

    def _validity_years(self, employee: Employee) -> int:
        if self._validity is None:  # one query per import for every region's rubric
            self._validity = dict(Rubric.objects.values_list("region_id", "assessment_validity_years"))
        region_id = (
            Employee.objects.filter(pk=employee.pk)
            .values_list("position__agency__region_id", flat=True)
            .first()
        )
        return self._validity.get(region_id, DEFAULT_VALIDITY_YEARS)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.source = AssessmentSource.IMPORT
        if instance.valid_until is None and instance.assessed_on and instance.employee_id:
            instance.valid_until = rules.validity_end(
                instance.assessed_on, self._validity_years(instance.employee)
            )
