"""An archive upload's request body, streamed to a file under DATA_DIR/tmp as it arrives (never held in
memory): a multipart form (the file field, e.g. the import's `package` or a test archive's `archive`, plus
short text fields such as `slug`, `visibility`, `verify`) or the zip itself as the body."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from fastapi import Request
from python_multipart.multipart import MultipartParser, parse_options_header

from domain.exceptions import TooLargeError, ValidationError
from domain.packages.exceptions import InvalidPackageError
from infrastructure.packages.files import TempFiles

ZIP_TYPES = {b"application/zip", b"application/x-zip-compressed", b"application/octet-stream"}
FIELD_MAX_BYTES = 1024


@dataclass(slots=True, kw_only=True)
class Upload:
    path: Path
    file_name: str | None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Form:
    temp: TempFiles
    file_field: str
    invalid: type[ValidationError]
    path: Path | None = None
    file_name: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    header_name: bytes = b""
    header_value: bytes = b""
    headers: dict[bytes, bytes] = field(default_factory=dict)
    current: str | None = None
    output: IO[bytes] | None = None
    value: bytearray = field(default_factory=bytearray)

    def begin(self) -> None:
        self.headers, self.header_name, self.header_value = {}, b"", b""
        self.current, self.value = None, bytearray()

    def header_end(self) -> None:
        self.headers[self.header_name.lower()] = self.header_value
        self.header_name, self.header_value = b"", b""

    def headers_done(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", errors="replace")
        self.current = name
        if name == self.file_field:
            if self.path is not None:
                raise self.invalid(f"send one `{name}` field", details={"file": "(upload)"})
            self.path = self.temp.new(".upload")
            self.output = self.path.open("wb")
            raw_name = options.get(b"filename")
            self.file_name = raw_name.decode("utf-8", errors="replace") if raw_name else None

    def data(self, chunk: bytes) -> None:
        if self.current == self.file_field and self.output is not None:
            self.output.write(chunk)
        elif self.current:
            self.value += chunk
            if len(self.value) > FIELD_MAX_BYTES:
                raise self.invalid(f"form field {self.current!r} is too long", details={"file": "(upload)"})

    def end(self) -> None:
        if self.current == self.file_field and self.output is not None:
            self.output.close()
            self.output = None
        elif self.current:
            self.fields[self.current] = self.value.decode("utf-8", errors="replace")

    def close(self) -> None:
        if self.output is not None:
            self.output.close()


async def _multipart(
    request: Request,
    boundary: bytes,
    temp: TempFiles,
    limit: int,
    file_field: str,
    invalid: type[ValidationError],
) -> Upload:
    form = _Form(temp, file_field, invalid)
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": form.begin,
            "on_header_field": lambda data, start, end: setattr(
                form, "header_name", form.header_name + data[start:end]
            ),
            "on_header_value": lambda data, start, end: setattr(
                form, "header_value", form.header_value + data[start:end]
            ),
            "on_header_end": form.header_end,
            "on_headers_finished": form.headers_done,
            "on_part_data": lambda data, start, end: form.data(data[start:end]),
            "on_part_end": form.end,
        },
    )
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise TooLargeError(f"the upload is over {limit} bytes", details={"limit": limit})
            parser.write(chunk)
        parser.finalize()
    except BaseException:
        form.close()
        if form.path is not None:
            temp.remove(form.path)
        raise
    form.close()
    if form.path is None:
        raise invalid(
            f"the form has no `{file_field}` file field", details={"file": "(upload)", "field": file_field}
        )
    return Upload(path=form.path, file_name=form.file_name, fields=form.fields)


async def receive(
    request: Request,
    temp: TempFiles,
    limit: int,
    file_field: str = "package",
    invalid: type[ValidationError] = InvalidPackageError,
) -> Upload:
    """`invalid`: the error a malformed upload raises (the import's `invalid_package`, a test archive's
    `invalid_archive`)."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type == b"multipart/form-data" and options.get(b"boundary"):
        try:
            return await _multipart(request, options[b"boundary"], temp, limit, file_field, invalid)
        except ValueError as error:  # python-multipart's malformed-body errors
            raise invalid(f"malformed multipart body: {error}", details={"file": "(upload)"}) from None
    if content_type in ZIP_TYPES:
        return Upload(path=await temp.spool(request.stream(), limit), file_name=None)
    raise invalid(
        f"send the archive as multipart/form-data field `{file_field}` or as an application/zip body",
        details={"file": "(upload)", "field": "content-type"},
    )
