from dishka import Provider, Scope, provide

from application.languages.usecases import ListLanguages


class LanguagesProvider(Provider):
    """The languages offered by live workers (read from the workers' heartbeats)."""

    scope = Scope.REQUEST

    list_languages = provide(ListLanguages)
