"""Type aliases shared by the apps' services, selectors and permissions."""

from __future__ import annotations

from typing import TypeAlias

from core.models import User

# The signed-in user a service acts for or a selector reads for (`actor`, `viewer`); None where a job
# acts without a user (the nightly execution).
Actor: TypeAlias = User
