from dishka import Provider, Scope, from_context, provide

from application.clock import Clock, SystemClock
from infrastructure.config import Settings


class ConfigProvider(Provider):
    """What every feature reads: the settings (given to `make_container`) and the clock."""

    scope = Scope.APP

    settings = from_context(provides=Settings, scope=Scope.APP)
    clock = provide(SystemClock, provides=Clock)
