import asyncio

from application.problems.archive import ArchiveLimits
from application.runs.ports import RunArchives
from domain.exceptions import TooLargeError
from domain.problems.exceptions import InvalidArchiveError
from domain.runs.entities import RunFile
from domain.runs.exceptions import InvalidRunError, RunTooLargeError
from infrastructure.archives.zip_reader import read_files

FIELD = "additional_files"


class ZipRunArchives(RunArchives):
    """A run's additional files through the test archives' hardened zip reader (zip_reader.py)."""

    async def files(self, archive: bytes, limits: ArchiveLimits) -> list[RunFile]:
        try:
            found = await asyncio.to_thread(read_files, archive, limits)
        except InvalidArchiveError as error:
            raise InvalidRunError(error.message, details={**error.details, "field": FIELD}) from None
        except TooLargeError as error:
            raise RunTooLargeError(error.message, details={**error.details, "field": FIELD}) from None
        return [RunFile(name=name, content=content) for name, content in found]
