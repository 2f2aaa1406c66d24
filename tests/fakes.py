"""Fakes shared by every kind of test (unit tests and the integration tests' containers)."""

from datetime import UTC, datetime, timedelta

from application.clock import Clock

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


class FakeClock(Clock):
    """A clock that stands still until the test moves it."""

    def __init__(self, moment: datetime = NOW) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> None:
        self.moment += delta

    def tick(self) -> None:
        self.advance(timedelta(seconds=1))
