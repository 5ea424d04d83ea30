"""NIP rules (REGULATION.md 4): each bad NIP is refused with its own Indonesian message."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from instansi.nip import format_nip, make_nip, nip_agreement_errors, parse_nip, validate_nip
from tests.factories import EmployeeFactory

BIRTH = dt.date(1986, 9, 26)
GOOD = "198609262015051001"

FORMAT_CASES = {
    "17-digits": ("19860926201505100", "NIP harus 18 digit, bukan 17 digit."),
    "letter": ("19860926201505100A", "NIP hanya boleh berisi angka."),
    "impossible-birth-date": ("198602312015051001", "Tanggal lahir pada NIP (19860231) bukan tanggal yang valid."),
    "tmt-month-13": ("198609262015131001", "TMT CPNS pada NIP (201513) bukan tahun-bulan yang valid."),
    "gender-digit-3": ("198609262015053001", "Digit jenis kelamin pada NIP (digit ke-15) harus 1 (laki-laki) atau 2 (perempuan), bukan 3."),
    "tmt-before-18": ("198609262003051001", "TMT CPNS pada NIP (2003-05) lebih awal dari usia 18 tahun (lahir 1986-09-26)."),
}  # fmt: skip


@pytest.mark.parametrize(("nip", "message"), FORMAT_CASES.values(), ids=FORMAT_CASES.keys())
def test_a_malformed_nip_is_refused_by_the_validator_with_its_own_message(nip, message):
    with pytest.raises(ValidationError) as exc:
        validate_nip(nip)
    assert exc.value.messages == [message]


def test_every_malformed_nip_has_a_different_message():
    messages = set()
    for nip, _message in FORMAT_CASES.values():
        with pytest.raises(ValidationError) as exc:
            validate_nip(nip)
        messages.add(exc.value.messages[0])
    assert len(messages) == len(FORMAT_CASES)


def test_a_valid_nip_is_parsed_into_birth_date_tmt_gender_and_sequence():
    assert parse_nip(GOOD) == (BIRTH, (2015, 5), "L", "001")
    assert format_nip(GOOD) == "19860926 201505 1 001"
    assert make_nip(birth_date=BIRTH, tmt=dt.date(2015, 5, 1), gender="L", seq=1) == GOOD


def test_tmt_cpns_in_the_month_of_the_18th_birthday_is_accepted():
    validate_nip("198609262004091001")


@pytest.mark.django_db
@pytest.mark.parametrize(("nip", "message"), FORMAT_CASES.values(), ids=FORMAT_CASES.keys())
def test_an_employee_with_a_malformed_nip_fails_full_clean_on_the_nip_field(nip, message):
    employee = EmployeeFactory.build(nip=nip, birth_date=BIRTH, gender="L", position=None)

    with pytest.raises(ValidationError) as exc:
        employee.full_clean()

    assert exc.value.message_dict["nip"] == [message]


@pytest.mark.django_db
def test_an_employee_whose_nip_disagrees_with_the_birth_date_is_refused():
    employee = EmployeeFactory.build(nip=GOOD, birth_date=dt.date(1986, 9, 27), gender="L", position=None)

    with pytest.raises(ValidationError) as exc:
        employee.full_clean()

    assert exc.value.message_dict["nip"] == [
        "NIP tidak sesuai dengan tanggal lahir: NIP menyebut 26-09-1986, data pegawai 27-09-1986."
    ]


@pytest.mark.django_db
def test_an_employee_whose_nip_disagrees_with_the_gender_is_refused():
    employee = EmployeeFactory.build(nip=GOOD, birth_date=BIRTH, gender="P", position=None)

    with pytest.raises(ValidationError) as exc:
        employee.full_clean()

    assert exc.value.message_dict["nip"] == [
        "NIP tidak sesuai dengan jenis kelamin: digit ke-15 menyebut laki-laki, data pegawai perempuan."
    ]


@pytest.mark.django_db
def test_an_employee_whose_nip_agrees_passes_full_clean():
    employee = EmployeeFactory.build(nip=GOOD, birth_date=BIRTH, gender="L", position=None)
    employee.full_clean()
    assert nip_agreement_errors(GOOD, birth_date=BIRTH, gender="L") == []
