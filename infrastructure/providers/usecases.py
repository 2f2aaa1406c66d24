from dishka import Provider, Scope, provide_all

from application.health.usecases import CheckHealth
from application.languages.usecases import ListLanguages
from application.workers.usecases import ListWorkers, RecordHeartbeat


class UseCasesProvider(Provider):
    scope = Scope.REQUEST

    use_cases = provide_all(CheckHealth, ListLanguages, ListWorkers, RecordHeartbeat)
