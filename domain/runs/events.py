"""What happens to an ad-hoc run, as plain facts (domain events), raised where the state changes.

* `RunFinished`: run_id, outcome, finished_at. The result is stored (by a worker, or by the reaper when the
  run's workers kept dying). Its callback, if any, and the owner's webhooks hear of it from here.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.runs.entities import RunOutcome, RunVerdict


@dataclass(frozen=True, slots=True, kw_only=True)
class RunFinished:
    run_id: UUID
    outcome: RunOutcome
    verdict: RunVerdict | None
    finished_at: datetime
