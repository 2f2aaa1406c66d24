import base64
import binascii
from datetime import datetime
from uuid import UUID

from adaptix import Retort, name_mapping

from domain.exceptions import ValidationError
from domain.submissions.entities import SourceFile, Submission
from domain.submissions.repositories import Cursor
from infrastructure.http.api.v1.encoding import bytes_of, text_or_base64
from infrastructure.http.api.v1.submissions.models import (
    CreateSubmissionModel,
    SubmissionDetailModel,
    SubmissionModel,
)

_retort = Retort(recipe=[name_mapping(Submission, skip=["attempt", "files"])])
_dump = _retort.get_dumper(Submission)


def to_model(submission: Submission) -> SubmissionModel:
    return SubmissionModel.model_validate(_dump(submission))


def to_detail(submission: Submission) -> SubmissionDetailModel:
    return SubmissionDetailModel.model_validate({**_dump(submission), "files": _files_out(submission.files)})


def _files_out(files: list[SourceFile]) -> list[dict[str, str | None]]:
    out = []
    for file in files:
        text, encoded = text_or_base64(file.content)
        out.append({"name": file.name, "content": text, "content_base64": encoded})
    return out


class AmbiguousSourceError(ValidationError):
    code = "ambiguous_source"


def source_of(body: CreateSubmissionModel) -> tuple[bytes | None, list[SourceFile]]:
    """The submitted bytes: a single source, or files. Exactly one of `source`, `sourceBase64`, `files`;
    exactly one of `content`, `contentBase64` in each file (AmbiguousContentError, InvalidBase64Error)."""
    given = [
        name
        for name, value in (
            ("source", body.source),
            ("sourceBase64", body.source_base64),
            ("files", body.files),
        )
        if value is not None
    ]
    if len(given) != 1:
        raise AmbiguousSourceError(
            "Give exactly one of `source` (UTF-8 text), `sourceBase64` or `files`.", details={"given": given}
        )
    if body.files is not None:
        return None, [
            SourceFile(name=file.name, content=bytes_of(file.content, file.content_base64, "content"))
            for file in body.files
        ]
    return bytes_of(body.source, body.source_base64, "source"), []


def encode_cursor(cursor: Cursor | None) -> str | None:
    if cursor is None:
        return None
    raw = f"{cursor.created_at.isoformat()}|{cursor.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(value: str | None) -> Cursor | None:
    if not value:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        moment, _, ident = raw.partition("|")
        return Cursor(created_at=datetime.fromisoformat(moment), id=UUID(ident))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidCursorError("`cursor` is not one this API returned; start again without it.") from None


class InvalidCursorError(ValidationError):
    code = "invalid_cursor"
