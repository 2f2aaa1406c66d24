from collections.abc import Sequence

from application.judging.ports import Toolchains
from domain.languages.entities import Language


class DetectedToolchains(Toolchains):
    def __init__(self, languages: Sequence[Language]) -> None:
        self.replace(languages)

    def replace(self, languages: Sequence[Language]) -> None:
        self._by_id = {language.id: language for language in languages}

    def get(self, language_id: str) -> Language | None:
        return self._by_id.get(language_id)

    def all(self) -> list[Language]:
        return list(self._by_id.values())
