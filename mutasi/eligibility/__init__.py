"""Transfer eligibility: every rule of REGULATION.md 1.2 as a check with a stable code.

Each check reads its value from the region's `instansi.Policy`, so HR changes the rule in the admin,
never in code. A check is `blocking` unless it is a signal (`due_for_rotation`) or enforced later
(`pilkada_window`, enforced at the regional_head stage).

`check()` evaluates one employee against one destination (the request form, the API, submission and
hr_verification). `check_many()` evaluates the employee-side rules for many employees in a constant
number of queries (the plan optimiser, DESIGN.md 6).

Modules by subject; callers import from the package (`from mutasi import eligibility`):
- `checklist`: `Check`, `Checklist`, the codes in checklist order, `policy_for`;
- `employee_rules`: the rules on the employee's own record (status, years in post, sanctions, SKP...);
- `destination`: the destination need (or a swap) and the holder/incoming counts of posts;
- `pilkada`: the Pilkada window;
- `talent`: the box and succession rank for a move into a managerial or key post (talenta's data);
- `evaluate`: `check()`, `check_many()` and the loading of the data the rules read;
- `dates`: calendar arithmetic.
"""

from mutasi.eligibility.checklist import CODES, EMPLOYEE_SIDE_CODES, Check, Checklist, policy_for
from mutasi.eligibility.dates import add_months
from mutasi.eligibility.destination import (
    SWAP_PARTNER_STATUSES,
    SWAP_PARTNER_STATUSES_FINAL,
    destination_load,
    destination_need,
    need_counts,
    swap_partner,
)
from mutasi.eligibility.employee_rules import GOOD_PREDICATES, PREDICATE_LABELS
from mutasi.eligibility.evaluate import check, check_many, predicates_many
from mutasi.eligibility.pilkada import in_pilkada_window, pilkada_window

# The name this helper had before the package split; mutasi.services.execution and tests import it.
_add_months = add_months

__all__ = [
    "CODES",
    "EMPLOYEE_SIDE_CODES",
    "GOOD_PREDICATES",
    "PREDICATE_LABELS",
    "SWAP_PARTNER_STATUSES",
    "SWAP_PARTNER_STATUSES_FINAL",
    "Check",
    "Checklist",
    "add_months",
    "check",
    "check_many",
    "destination_load",
    "destination_need",
    "in_pilkada_window",
    "need_counts",
    "pilkada_window",
    "policy_for",
    "predicates_many",
    "swap_partner",
]
