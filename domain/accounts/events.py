"""What happens to an account's keys (domain events; see `domain/submissions/events.py`).

* `KeyRevoked`: key_id, account_id, revoked_at. Requests with the key fail from now on.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyRevoked:
    key_id: UUID
    account_id: UUID
    revoked_at: datetime
