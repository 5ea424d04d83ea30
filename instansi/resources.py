"""django-import-export resources for organisation master data (issue 2, point 6).

Rows are matched by natural keys (agency code, unit code, position code, NIP; a task by its position
code and description, workload.resources), so a sheet exported here can be edited and imported back.
Every row goes through the model's `full_clean()` (`clean_model_instances`), which runs the NIP validator and
`Employee.clean()` (NIP agrees with birth date and gender, REGULATION.md 4). The all-or-nothing rule
itself lives in `instansi.imports`: any bad row rolls the whole file back.

Cells accept what HR types in Excel: codes or labels for choices ("L" or "Laki-laki"), dates as
dates or as `YYYY-MM-DD` / `DD-MM-YYYY` / `DD/MM/YYYY`, lists separated by `;`, yes/no as
1/0, ya/tidak, true/false.

Column headers are Indonesian ("NIP", "Nama", "Kode Jabatan"...; each resource's `HEADERS`). An
import also takes the field names that older exports used as headers ("nip", "name", "position"),
and either kind in any letter case, so files made before the change still import.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from instansi.choices import (
    AgencyKind,
    EducationLevel,
    EmployeeStatus,
    Gender,
    Golongan,
    PositionKind,
    SpecialRole,
)
from instansi.models import Agency, Employee, Position, Region, Unit

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


class DateWidget(widgets.DateWidget):
    def __init__(self):
        super().__init__()
        self.formats = DATE_FORMATS

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):  # openpyxl reads date cells as datetimes
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                _("Tanggal '%(value)s' tidak dikenali; gunakan TTTT-BB-HH, HH-BB-TTTT atau HH/BB/TTTT.")
                % {"value": value}
            )


class BooleanWidget(widgets.BooleanWidget):
    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "ya", "Ya", "YA", "y", "Y"]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "tidak", "Tidak", "TIDAK", "t", "T", "n", "N"]

    def clean(self, value, row=None, **kwargs):
        if value in self.NULL_VALUES:
            return False
        if value not in self.TRUE_VALUES and value not in self.FALSE_VALUES:
            raise ValueError(
                _("Nilai '%(value)s' bukan ya/tidak (gunakan 1/0 atau ya/tidak).") % {"value": value}
            )
        return value in self.TRUE_VALUES


class ChoiceWidget(widgets.Widget):
    """A choice cell: the stored code or its label, case-insensitive; exported as the label (what HR
    reads, "PNS" and "S1", not "pns" and "s1"), which imports back to the same code."""

    def __init__(self, choices):
        super().__init__()
        self.by_key = {}
        for value, label in choices.choices:
            self.by_key[str(value).lower()] = value
            self.by_key[str(label).lower()] = value
        self.allowed = ", ".join(str(v) for v, _label in choices.choices if v)
        self.labels = {str(value): label for value, label in choices.choices}

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return ""
        key = str(value).strip().lower()
        if key not in self.by_key:
            raise ValueError(
                _("Nilai '%(value)s' tidak dikenal; gunakan salah satu: %(allowed)s.")
                % {"value": value, "allowed": self.allowed}
            )
        return self.by_key[key]

    def render(self, value, obj=None, **kwargs):
        if value is None or value == "":
            return ""
        return str(self.labels.get(str(value), value))


class ListWidget(widgets.Widget):
    """A JSON list cell written as `a; b; c`."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return []
        return [part.strip() for part in str(value).split(";") if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return "; ".join(str(v) for v in value or [])


class NipWidget(widgets.CharWidget):
    """NIP as text: spaces of the grouped form are dropped; a number cell is read back as digits."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            # Excel keeps 15 significant digits: an 18-digit NIP typed as a number is already corrupt.
            return repr(value)
        return "".join(str(value or "").split())


class CodeWidget(widgets.ForeignKeyWidget):
    """A foreign key by its code, with an Indonesian message when the code is unknown."""

    def __init__(self, model, field="code", label=""):
        super().__init__(model, field)
        self.label = label or str(model._meta.verbose_name)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("%(what)s '%(value)s' tidak ditemukan.") % {"what": self.label, "value": value}
            )


class CachedCodeWidget(CodeWidget, widgets.CachedForeignKeyWidget):
    """Loads the referenced table once per import instead of one query per row."""


def _header_key(header) -> str:
    return " ".join(str(header or "").split()).casefold()


class AllOrNothingResource(resources.ModelResource):
    """Shared options: full_clean on every row, no silent skips, duplicates in one file refused, and
    Indonesian column headers."""

    # {field name: column header}. Plain strings, not gettext: a header is part of the file format
    # HR keeps templates of, so it must not change with the active language.
    HEADERS: dict[str, str] = {}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen_keys: dict[tuple, int] = {}
        for name, field in self.fields.items():  # self.fields is this instance's own copy
            field.column_name = self.HEADERS[name]

    def export(self, *args, **kwargs):
        """The sheet is named after what it holds ("pegawai"), not tablib's "Tablib Dataset"."""
        dataset = super().export(*args, **kwargs)
        dataset.title = str(self._meta.model._meta.verbose_name_plural)[:31]
        return dataset

    def column(self, name: str) -> str:
        """The header of a field's column."""
        return self.fields[name].column_name

    def normalise_headers(self, dataset) -> None:
        """Rename the file's headers to the Indonesian ones: a header matches its field by the
        Indonesian header or by the field name, in any case and spacing. Unknown columns stay as they
        are (and are ignored); a field given by two columns is refused rather than one silently lost."""
        if not dataset.headers:
            return
        aliases: dict[str, str] = {}
        for name, field in self.fields.items():
            aliases[_header_key(name)] = field.column_name
            aliases[_header_key(field.column_name)] = field.column_name
        headers = [aliases.get(_header_key(h), h) for h in dataset.headers]
        twice = sorted({h for h in headers if h in aliases.values() and headers.count(h) > 1})
        if twice:
            raise ValidationError(
                _("Kolom %(cols)s muncul lebih dari sekali (judul lama dan baru sekaligus?).")
                % {"cols": ", ".join(twice)}
            )
        dataset.headers = headers

    def before_import(self, dataset, **kwargs):
        # The admin's preview calls import_data directly; instansi.imports has already normalised.
        self.normalise_headers(dataset)
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        key = tuple(
            str(row.get(self.fields[f].column_name) or "").strip() for f in self.get_import_id_fields()
        )
        number = kwargs.get("row_number")
        if all(key) and key in self._seen_keys:
            raise ValidationError(
                _("Kunci %(key)s sudah dipakai pada baris %(row)d di berkas yang sama.")
                % {"key": " / ".join(key), "row": self._seen_keys[key] + 1}
            )
        self._seen_keys[key] = number


def resource_meta(**kwargs):
    """Meta options every resource here shares (clean_model_instances runs the model's full_clean)."""
    return type(
        "Meta",
        (),
        {
            "clean_model_instances": True,
            "skip_unchanged": False,
            "report_skipped": True,
            "use_transactions": True,
            **kwargs,
        },
    )


class AgencyResource(AllOrNothingResource):
    HEADERS = {
        "code": "Kode OPD",
        "name": "Nama OPD",
        "short_name": "Singkatan",
        "kind": "Jenis OPD",
        "region": "Pemerintah Daerah",
        "is_hr_agency": "BKPSDM",
        "head_position": "Kode Jabatan Kepala",
    }
    region = fields.Field("region", "region", CodeWidget(Region, "name", _("Pemerintah daerah")))
    kind = fields.Field("kind", "kind", ChoiceWidget(AgencyKind))
    is_hr_agency = fields.Field("is_hr_agency", "is_hr_agency", BooleanWidget())
    head_position = fields.Field("head_position", "head_position", CodeWidget(Position, label=_("Jabatan")))

    Meta = resource_meta(
        model=Agency,
        import_id_fields=("code",),
        fields=("code", "name", "short_name", "kind", "region", "is_hr_agency", "head_position"),
        instance_loader_class=CachedInstanceLoader,
    )


class UnitResource(AllOrNothingResource):
    HEADERS = {"code": "Kode Unit", "name": "Nama Unit", "agency": "Kode OPD", "parent": "Kode Unit Induk"}
    agency = fields.Field("agency", "agency", CachedCodeWidget(Agency, label=_("Perangkat daerah")))
    parent = fields.Field("parent", "parent", CodeWidget(Unit, label=_("Unit induk")))

    Meta = resource_meta(
        model=Unit,
        import_id_fields=("code",),
        fields=("code", "name", "agency", "parent"),
        instance_loader_class=CachedInstanceLoader,
    )


class PositionResource(AllOrNothingResource):
    HEADERS = {
        "code": "Kode Jabatan",
        "title": "Nama Jabatan",
        "agency": "Kode OPD",
        "unit": "Kode Unit",
        "superior": "Kode Jabatan Atasan",
        "kind": "Jenis Jabatan",
        "grade": "Kelas Jabatan",
        "is_head": "Kepala OPD",
        "special_role": "Peran Khusus",
        "required_education_levels": "Jenjang Pendidikan Disyaratkan",
        "required_education_fields": "Bidang Pendidikan Disyaratkan",
        "competency_tags": "Kompetensi",
    }
    agency = fields.Field("agency", "agency", CachedCodeWidget(Agency, label=_("Perangkat daerah")))
    unit = fields.Field("unit", "unit", CachedCodeWidget(Unit, label=_("Unit kerja")))
    # Not cached: a superior may be a post created a few rows earlier in the same file.
    superior = fields.Field("superior", "superior", CodeWidget(Position, label=_("Jabatan atasan")))
    kind = fields.Field("kind", "kind", ChoiceWidget(PositionKind))
    special_role = fields.Field("special_role", "special_role", ChoiceWidget(SpecialRole))
    is_head = fields.Field("is_head", "is_head", BooleanWidget())
    required_education_levels = fields.Field(
        "required_education_levels", "required_education_levels", ListWidget()
    )
    required_education_fields = fields.Field(
        "required_education_fields", "required_education_fields", ListWidget()
    )
    competency_tags = fields.Field("competency_tags", "competency_tags", ListWidget())

    Meta = resource_meta(
        model=Position,
        import_id_fields=("code",),
        fields=(
            "code", "title", "agency", "unit", "superior", "kind", "grade", "is_head", "special_role",
            "required_education_levels", "required_education_fields", "competency_tags",
        ),
        instance_loader_class=CachedInstanceLoader,
    )  # fmt: skip

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        levels = ListWidget().clean(row.get(self.column("required_education_levels")))
        unknown = [lv for lv in levels if lv not in EducationLevel.values]
        if unknown:
            raise ValidationError(
                {
                    "required_education_levels": _("Jenjang tidak dikenal: %(bad)s; gunakan: %(ok)s.")
                    % {"bad": ", ".join(unknown), "ok": ", ".join(EducationLevel.values)}
                }
            )


class EmployeeResource(AllOrNothingResource):
    HEADERS = {
        "nip": "NIP",
        "name": "Nama",
        "front_title": "Gelar Depan",
        "back_title": "Gelar Belakang",
        "birth_date": "Tanggal Lahir",
        "gender": "Jenis Kelamin",
        "status": "Status Kepegawaian",
        "golongan": "Golongan",
        "tmt_cpns": "TMT CPNS",
        "education_level": "Jenjang Pendidikan",
        "education_field": "Bidang Pendidikan",
        "competencies": "Kompetensi",
        "position": "Kode Jabatan",
        "position_since": "TMT Jabatan",
        "phone": "Telepon",
        "email": "E-mail",
        "under_sanction": "Hukuman Disiplin",
        "sanction_until": "Hukuman Disiplin Sampai",
        "on_study_assignment": "Tugas Belajar",
        "study_until": "Tugas Belajar Sampai",
        "open_audit_finding": "Temuan Inspektorat Terbuka",
        "is_active": "Aktif",
    }
    nip = fields.Field("nip", "nip", NipWidget())
    birth_date = fields.Field("birth_date", "birth_date", DateWidget())
    gender = fields.Field("gender", "gender", ChoiceWidget(Gender))
    status = fields.Field("status", "status", ChoiceWidget(EmployeeStatus))
    golongan = fields.Field("golongan", "golongan", ChoiceWidget(Golongan))
    tmt_cpns = fields.Field("tmt_cpns", "tmt_cpns", DateWidget())
    education_level = fields.Field("education_level", "education_level", ChoiceWidget(EducationLevel))
    competencies = fields.Field("competencies", "competencies", ListWidget())
    position = fields.Field("position", "position", CachedCodeWidget(Position, label=_("Jabatan")))
    position_since = fields.Field("position_since", "position_since", DateWidget())
    under_sanction = fields.Field("under_sanction", "under_sanction", BooleanWidget())
    sanction_until = fields.Field("sanction_until", "sanction_until", DateWidget())
    on_study_assignment = fields.Field("on_study_assignment", "on_study_assignment", BooleanWidget())
    study_until = fields.Field("study_until", "study_until", DateWidget())
    open_audit_finding = fields.Field("open_audit_finding", "open_audit_finding", BooleanWidget())
    is_active = fields.Field("is_active", "is_active", BooleanWidget())

    Meta = resource_meta(
        model=Employee,
        import_id_fields=("nip",),
        fields=(
            "nip", "name", "front_title", "back_title", "birth_date", "gender", "status", "golongan",
            "tmt_cpns", "education_level", "education_field", "competencies", "position", "position_since",
            "phone", "email", "under_sanction", "sanction_until", "on_study_assignment", "study_until",
            "open_audit_finding", "is_active",
        ),
        instance_loader_class=CachedInstanceLoader,
    )  # fmt: skip

    def get_queryset(self):
        return Employee.objects.select_related("position")

    def before_import_row(self, row, **kwargs):
        if isinstance(row.get(self.column("nip")), float):
            raise ValidationError(
                {"nip": _("NIP ditulis sebagai angka dan telah dibulatkan Excel; tulis NIP sebagai teks.")}
            )
        super().before_import_row(row, **kwargs)


# By `kind` of `imports.master_data_import`; the workload app adds "workload_task" (workload/apps.py).
RESOURCES: dict[str, type[AllOrNothingResource]] = {
    "agency": AgencyResource,
    "unit": UnitResource,
    "position": PositionResource,
    "employee": EmployeeResource,
}
