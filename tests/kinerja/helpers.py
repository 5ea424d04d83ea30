"""Helpers that walk an SKP through the real services (no shortcuts past the workflow)."""

from decimal import Decimal

from kinerja import services
from kinerja.choices import Aspect
from kinerja.models import Appraisal


def agreed_skp(employee, period, *, target=Decimal("100"), aspect=Aspect.QUANTITY) -> Appraisal:
    """An SKP drafted, planned (one main RHK, one indicator), submitted and agreed through the services."""
    skp = services.appraisal_create(period=period, employee=employee, actor=employee.user)
    services.result_plan_add(
        appraisal=skp,
        actor=employee.user,
        description="Terlaksananya pengawasan angkutan umum",
        indicators=[
            {
                "aspect": aspect,
                "description": "Jumlah trayek diawasi",
                "target": target,
                "unit_label": "trayek",
            }
        ],
    )
    services.appraisal_submit(appraisal=skp, actor=employee.user)
    skp.refresh_from_db()
    appraiser = skp.appraiser.user
    services.appraisal_agree(appraisal=skp, actor=appraiser)
    skp.refresh_from_db()
    return skp


def realise_all(skp, value) -> None:
    for plan in skp.result_plans.all():
        for indicator in plan.indicators.all():
            services.indicator_realise(indicator=indicator, actor=skp.employee.user, realised=Decimal(value))


# Realisation against a target of 100 that makes the system suggest each results rating (Policy 90/110).
REALISED_FOR = {"di_atas": "120", "sesuai": "100", "di_bawah": "50"}


def rated_skp(employee, period, *, results="sesuai", behaviour="sesuai") -> Appraisal:
    skp = agreed_skp(employee, period)
    realise_all(skp, REALISED_FOR[results])
    services.appraisal_rate(
        appraisal=skp, actor=skp.appraiser.user, results_rating=results, behaviour_rating=behaviour
    )
    skp.refresh_from_db()
    return skp
