import base64
import binascii
from datetime import datetime
from uuid import UUID

from adaptix import Retort, name_mapping

from domain.exceptions import ValidationError
from domain.submissions.entities import Submission
from domain.submissions.repositories import Cursor
from infrastructure.http.api.v1.submissions.models import SubmissionDetailModel, SubmissionModel

_retort = Retort(recipe=[name_mapping(Submission, skip=["attempt"])])
_dump = _retort.get_dumper(Submission)


def to_model(submission: Submission) -> SubmissionModel:
    return SubmissionModel.model_validate(_dump(submission))


def to_detail(submission: Submission) -> SubmissionDetailModel:
    return SubmissionDetailModel.model_validate(_dump(submission))


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
