"""Which toolchains this machine has: every language spec is probed at once."""

import asyncio
import logging

from domain.languages.entities import Language
from domain.languages.specs import LANGUAGE_SPECS
from infrastructure.sandbox.toolchains import resolve_language

logger = logging.getLogger(__name__)


async def detect_languages() -> list[Language]:
    found = await asyncio.gather(*(asyncio.to_thread(resolve_language, spec) for spec in LANGUAGE_SPECS))
    languages = [language for language in found if language is not None]
    missing = sorted({spec.id for spec in LANGUAGE_SPECS} - {language.id for language in languages})
    if missing:
        logger.debug("toolchains not found for: %s", ", ".join(missing))
    return languages
