"""Default approval chains of DESIGN.md section 4 (migration 0002 seeds the same rows).

(stage, condition): the employee's own stage (consultation, issue 21) only when the employee did not
initiate the request; the supervisor only when they did; the performance team only when the destination
is managerial (JPT, administrator, pengawas). Incoming moves have no employee stage: the employee has no
account here yet. Migration 0008 adds the employee stage to chains that existed before it.
"""

from mutasi.choices import Stage, StageCondition, TransferKind

A, EMP, MGR = StageCondition.ALWAYS, StageCondition.EMPLOYEE_INITIATED, StageCondition.MANAGERIAL_DESTINATION
NOT_EMP = StageCondition.NOT_EMPLOYEE_INITIATED
# The kinds whose chain starts with the employee's own stage (issue 21).
CONSULTED_KINDS = (TransferKind.ROTATION, TransferKind.BETWEEN_AGENCIES, TransferKind.OUTGOING)

DEFAULT_CHAINS: dict[str, list[tuple[str, str]]] = {
    TransferKind.ROTATION: [
        (Stage.EMPLOYEE, NOT_EMP),
        (Stage.SUPERVISOR, EMP),
        (Stage.ORIGIN_HEAD, A),
        (Stage.HR_VERIFICATION, A),
        (Stage.PERFORMANCE_TEAM, MGR),
        (Stage.REGIONAL_HEAD, A),
    ],
    TransferKind.BETWEEN_AGENCIES: [
        (Stage.EMPLOYEE, NOT_EMP),
        (Stage.SUPERVISOR, EMP),
        (Stage.ORIGIN_HEAD, A),
        (Stage.DESTINATION_HEAD, A),
        (Stage.HR_VERIFICATION, A),
        (Stage.PERFORMANCE_TEAM, MGR),
        (Stage.SECRETARY, A),
        (Stage.REGIONAL_HEAD, A),
    ],
    # Outgoing: only the releasing side is local; the receiving PPK's letter is an external milestone.
    TransferKind.OUTGOING: [
        (Stage.EMPLOYEE, NOT_EMP),
        (Stage.SUPERVISOR, EMP),
        (Stage.ORIGIN_HEAD, A),
        (Stage.HR_VERIFICATION, A),
        (Stage.SECRETARY, A),
        (Stage.REGIONAL_HEAD, A),
    ],
    # Incoming: only the receiving side is local; the releasing PPK's letter is an external milestone.
    TransferKind.INCOMING: [
        (Stage.DESTINATION_HEAD, A),
        (Stage.HR_VERIFICATION, A),
        (Stage.PERFORMANCE_TEAM, MGR),
        (Stage.SECRETARY, A),
        (Stage.REGIONAL_HEAD, A),
    ],
}


def chains_ensure_defaults() -> int:
    """Create the default chain of every kind that has none (never touches a chain HR edited).
    Used by the demo seed and test set-up; returns how many chains were created."""
    from mutasi.models import ApprovalChain, ChainStage

    created = 0
    for kind, stages in DEFAULT_CHAINS.items():
        chain, is_new = ApprovalChain.objects.get_or_create(kind=kind)
        if not is_new:
            continue
        ChainStage.objects.bulk_create(
            ChainStage(chain=chain, order=i, stage=stage, condition=cond)
            for i, (stage, cond) in enumerate(stages, 1)
        )
        created += 1
    return created
