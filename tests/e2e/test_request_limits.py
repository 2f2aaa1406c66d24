"""The HTTP edge against a real server process: authentication before the body, body limits while reading
(issue #8, finding 3: a 400 MB unauthenticated POST made the server peak at 4.5 GB).

Bodies are streamed from generators over a raw socket that keeps reading while it sends, so the tests see
how much of the body had been sent when the answer came, not how long it took."""

import io
import os
import re
import select
import socket
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.e2e.service import Service, running_service

MB = 1024 * 1024
HUGE_BYTES = 400 * 1000 * 1000
CHUNK_BYTES = 64 * 1024
REQUEST_MAX_BYTES = 256 * 1024
UPLOAD_MAX_BYTES = 2 * MB
RSS_GROWTH_MAX_KB = 100 * 1024


@pytest.fixture(scope="module")
def service(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    tmp_path = tmp_path_factory.mktemp("limits")
    settings = {"request_max_bytes": str(REQUEST_MAX_BYTES), "upload_max_bytes": str(UPLOAD_MAX_BYTES)}
    with running_service(postgres_server, tmp_path, **settings) as service:
        service.start_server()
        yield service


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    sent_when_answered: int
    """Body bytes the client had sent when the first byte of the answer arrived."""


def _body(total: int, first: bytes = b"") -> Iterator[bytes]:
    """`total` bytes: `first`, then filler, in CHUNK_BYTES pieces (never all in memory)."""
    yield first
    left = total - len(first)
    filler = b"a" * CHUNK_BYTES
    while left > 0:
        yield filler[:left]
        left -= CHUNK_BYTES


def _chunked(chunks: Iterator[bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        if chunk:
            yield b"%x\r\n%s\r\n" % (len(chunk), chunk)
    yield b"0\r\n\r\n"


def stream(
    service: Service,
    path: str,
    chunks: Iterator[bytes],
    *,
    headers: dict[str, str],
    length: int | None,
) -> Answer:
    """POSTs `chunks` (with Content-Length `length`, or chunked when None) and reads the answer while
    sending: stops sending once the answer has begun or the server closed the connection."""
    sock = socket.create_connection(("127.0.0.1", service.port), timeout=60)
    head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{service.port}"]
    head += [f"{name}: {value}" for name, value in headers.items()]
    head.append(f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked")
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
    pieces = chunks if length is not None else _chunked(chunks)
    pending, sent, received = b"", 0, b""
    answered_at: int | None = None
    sending = True
    try:
        while True:
            readable, writable, _ = select.select([sock], [sock] if sending else [], [], 30)
            if not readable and not writable:
                raise AssertionError(f"no answer; {sent} bytes sent")
            if readable:
                try:
                    data = sock.recv(65536)
                except ConnectionResetError:
                    data = b""
                if answered_at is None and data:
                    answered_at = sent
                received += data
                if not data or _complete(received):
                    break
                sending = False
                continue
            if not pending:
                pending = next(pieces, b"")
                if not pending:
                    sending = False
                    continue
            try:
                written = sock.send(pending)
            except (BrokenPipeError, ConnectionResetError):
                sending = False
                continue
            sent += written
            pending = pending[written:]
    finally:
        sock.close()
    assert answered_at is not None, f"the server closed without answering after {sent} bytes"
    status, headers_, body = _parse(received)
    return Answer(status=status, headers=headers_, body=body, sent_when_answered=answered_at)


def _complete(data: bytes) -> bool:
    head, separator, body = data.partition(b"\r\n\r\n")
    if not separator:
        return False
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    return length is not None and len(body) >= int(length.group(1))


def _parse(data: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


def _peak_rss_kb(service: Service) -> int:
    assert service.server is not None
    status = Path(f"/proc/{service.server.pid}/status").read_text()
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    assert match is not None
    return int(match.group(1))


def _key(service: Service, role: str) -> dict[str, str]:
    name = f"{role}-{uuid.uuid4().hex[:8]}"
    created = service.http.post("/keys", json={"name": name, "role": role, "accountName": name})
    assert created.status_code == 201, created.text
    return {"Authorization": f"Bearer {created.json()['key']}"}


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- 400 MB without a key ---------------------------------------------------------------------------------


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_400_mb_body_without_a_key_is_refused_before_it_is_sent_and_costs_no_memory(
    service: Service, declared: bool
) -> None:
    assert service.http.get("/problems").status_code == 200  # everything a request loads is loaded
    before = _peak_rss_kb(service)

    answer = stream(
        service,
        "/api/v1/problems",
        _body(HUGE_BYTES, first=b'{"slug": "'),
        headers={"Content-Type": "application/json"},
        length=HUGE_BYTES if declared else None,
    )

    grown = _peak_rss_kb(service) - before
    print(f"answered after {answer.sent_when_answered} of {HUGE_BYTES} bytes; peak RSS +{grown} kB")
    assert answer.status == 401, answer.body[:300]
    assert b'"not_authenticated"' in answer.body
    assert answer.sent_when_answered < HUGE_BYTES // 8
    assert grown < RSS_GROWTH_MAX_KB
    assert service.http.get("/health").status_code == 200


def test_a_400_mb_body_with_a_key_is_cut_off_at_the_limit(service: Service) -> None:
    before = _peak_rss_kb(service)

    answer = stream(
        service,
        "/api/v1/problems",
        _body(HUGE_BYTES, first=b'{"slug": "'),
        headers={**_key(service, "author"), "Content-Type": "application/json"},
        length=None,
    )

    grown = _peak_rss_kb(service) - before
    print(f"answered after {answer.sent_when_answered} of {HUGE_BYTES} bytes; peak RSS +{grown} kB")
    assert answer.status == 413, answer.body[:300]
    assert b'"request_too_large"' in answer.body
    assert answer.sent_when_answered < HUGE_BYTES // 8
    assert grown < RSS_GROWTH_MAX_KB


# --- authentication before the body -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer jdg_000000000000_" + "x" * 43}, {"Authorization": "Basic abc"}],
    ids=["no-key", "unknown-key", "other-scheme"],
)
@pytest.mark.parametrize(
    "path",
    ["/problems", "/submissions", "/problems/import", f"/problems/{uuid.uuid4()}/tests"],
)
def test_a_malformed_body_without_a_valid_key_is_a_401_not_a_422(
    service: Service, headers: dict[str, str], path: str
) -> None:
    with httpx.Client(base_url=service.base, timeout=30) as anonymous:
        response = anonymous.post(
            path,
            content=b'{"slug": \xff\xfe not json',
            headers={**headers, "Content-Type": "application/json"},
        )
    assert response.status_code == 401, response.text
    assert response.json()["code"] == "not_authenticated"
    assert response.headers["www-authenticate"] == "Bearer"


def test_public_routes_and_unknown_paths_answer_without_a_key(service: Service) -> None:
    with httpx.Client(base_url=service.base, timeout=30) as anonymous:
        assert anonymous.get("/health").status_code == 200
        assert anonymous.get("/languages").status_code == 200
        unknown = anonymous.post("/no-such-route", content=b"x" * 1000)
        assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")


# --- body limits with a valid key -------------------------------------------------------------------------


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_json_over_request_max_bytes_is_a_413_naming_the_limit(service: Service, declared: bool) -> None:
    author = _key(service, "author")
    body = b'{"slug": "big", "statement": "' + b"s" * REQUEST_MAX_BYTES + b'"}'
    content: bytes | Iterator[bytes] = body if declared else iter([body[:1000], body[1000:]])

    response = service.http.post(
        "/problems", content=content, headers={**author, "Content-Type": "application/json"}
    )

    assert response.status_code == 413, response.text
    error = response.json()
    assert error["code"] == "request_too_large"
    assert error["details"] == {"limit": REQUEST_MAX_BYTES, "setting": "REQUEST_MAX_BYTES"}
    assert "archive" in error["message"]
    assert "sss" not in response.text


def test_json_under_request_max_bytes_still_works(service: Service) -> None:
    author = _key(service, "author")
    statement = "s" * (REQUEST_MAX_BYTES - 4096)
    created = service.http.post(
        "/problems",
        json={
            "slug": f"fits-{uuid.uuid4().hex[:8]}",
            "title": "fits",
            "statement": statement,
            "type": "pass-fail",
            "limits": {"timeMs": 1000, "memoryMb": 64},
            "checker": {"type": "tokens"},
        },
        headers=author,
    )
    assert created.status_code == 201, created.text[:300]


@pytest.fixture(scope="module")
def problem_id(service: Service) -> str:
    created = service.http.post(
        "/problems",
        json={
            "slug": f"up-{uuid.uuid4().hex[:8]}",
            "title": "uploads",
            "type": "pass-fail",
            "limits": {"timeMs": 1000, "memoryMb": 64},
            "checker": {"type": "tokens"},
        },
    )
    assert created.status_code == 201, created.text
    problem: str = created.json()["id"]
    return problem


def test_a_multipart_archive_over_request_max_but_under_upload_max_is_added(
    service: Service, problem_id: str
) -> None:
    data = os.urandom(MB)  # incompressible: the stored zip is as large as its data
    archive = _zip({"big.in": data, "big.ans": b"1\n"})
    assert REQUEST_MAX_BYTES < len(archive) < UPLOAD_MAX_BYTES

    response = service.http.post(
        f"/problems/{problem_id}/tests/archive", files={"archive": ("tests.zip", archive, "application/zip")}
    )

    assert response.status_code == 201, response.text
    assert [(test["name"], test["inputSize"]) for test in response.json()] == [("big", MB)]
    got = service.http.get(f"/problems/{problem_id}/tests/{response.json()[0]['id']}").json()
    assert got["inputBase64"] is not None
    assert list((Path(service.env["DATA_DIR"]) / "tmp").glob("*.upload")) == []


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("route", ["archive", "import"])
def test_an_archive_over_upload_max_bytes_is_a_413(
    service: Service, problem_id: str, declared: bool, route: str
) -> None:
    archive = _zip({"1.in": os.urandom(UPLOAD_MAX_BYTES), "1.ans": b"1\n"})
    path = f"/problems/{problem_id}/tests/archive" if route == "archive" else "/problems/import"
    field = "archive" if route == "archive" else "package"
    request = service.http.build_request(
        "POST", path, files={field: ("tests.zip", archive, "application/zip")}
    )
    body = request.read()
    content: bytes | Iterator[bytes] = body if declared else iter([body[:4096], body[4096:]])
    headers = {"Content-Type": request.headers["content-type"]}

    response = service.http.post(path, content=content, headers=headers)

    assert response.status_code == 413, response.text
    assert response.json()["code"] == "request_too_large"
    assert response.json()["details"] == {"limit": UPLOAD_MAX_BYTES, "setting": "UPLOAD_MAX_BYTES"}
    assert list((Path(service.env["DATA_DIR"]) / "tmp").glob("*.upload")) == []
