"""Bytes on a JSON wire: text when it is UTF-8, base64 otherwise. One pair of fields per value (`x` and
`xBase64`), exactly one of them given; answers fill the one that fits and leave the other null."""

import base64
import binascii

from domain.exceptions import ValidationError


class AmbiguousContentError(ValidationError):
    code = "ambiguous_content"


class InvalidBase64Error(ValidationError):
    code = "invalid_base64"


def text_or_base64(data: bytes) -> tuple[str | None, str | None]:
    """(text, None) when `data` is valid UTF-8, else (None, base64)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, base64.b64encode(data).decode("ascii")


def bytes_of(text: str | None, encoded: str | None, field: str) -> bytes:
    """The bytes of a `field`/`fieldBase64` pair; raises AmbiguousContentError unless exactly one is given,
    InvalidBase64Error when the base64 is not (standard alphabet, padded)."""
    if (text is None) == (encoded is None):
        raise AmbiguousContentError(
            f"Give exactly one of `{field}` (UTF-8 text) and `{field}Base64`.",
            details={
                "field": field,
                "given": [
                    name for name, value in ((field, text), (f"{field}Base64", encoded)) if value is not None
                ],
            },
        )
    if text is not None:
        return text.encode("utf-8")
    assert encoded is not None
    try:
        return base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise InvalidBase64Error(
            f"`{field}Base64` is not valid base64 (standard alphabet, with padding).",
            details={"field": field},
        ) from None
