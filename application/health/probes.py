from typing import Protocol


class DependencyProbe(Protocol):
    """Answers whether a dependency is reachable now; raises nothing, returns an error text when not."""

    async def check(self) -> str | None: ...


class DatabaseProbe(DependencyProbe, Protocol): ...


class BrokerProbe(DependencyProbe, Protocol): ...
