"""Hostile packages: every one is refused with a 4xx naming what is wrong, and nothing is created. The
archive is only ever read as zip members: no path inside it can reach the file system."""

import io
import stat
import struct
import warnings
import zipfile
import zlib
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from infrastructure.config import Settings
from tests.bootstrap import api_client, bootstrap_container
from tests.fakes import FakeClock
from tests.integration.packages.helpers import import_zip, row_counts
from tests.package_builder import minimal, zip_entries

TINY_LIMITS = {"test_max_bytes": 4000, "problem_max_bytes": 20_000, "archive_max_ratio": 50}


@pytest.fixture
async def tiny_client(settings: Settings, clock: FakeClock) -> AsyncIterator[httpx.AsyncClient]:
    """An app whose limits are tiny: 4000 bytes a file, 20000 a problem, archives expanding 50 times."""
    container = bootstrap_container(settings.model_copy(update=TINY_LIMITS), clock)
    async with api_client(container, base_url="http://test/api/v1") as client:
        yield client
    await container.close()


def _with(*entries: tuple[zipfile.ZipInfo | str, bytes | str]) -> bytes:
    """The minimal package plus raw entries."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names on purpose
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in minimal().items():
                archive.writestr(name, content)
            for info, content in entries:
                archive.writestr(info, content)
    return buffer.getvalue()


def _special(name: str, kind: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (kind | 0o777) << 16
    return info


def _encrypted() -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("data/secret/3.in")
    info.flag_bits |= 0x1
    return info


def _corrupt() -> bytes:
    archive = bytearray(zip_entries(minimal({"data/secret/9.in": "x" * 500, "data/secret/9.ans": "1\n"})))
    marker = archive.find(zlib.compress(b"x" * 500)[2:6])
    archive[marker + 2] ^= 0xFF
    return bytes(archive)


def _lying_sizes() -> bytes:
    """A member whose headers declare 10 bytes for 3000 of data."""
    archive = bytearray(zip_entries(minimal({"data/secret/9.in": "7" * 3000, "data/secret/9.ans": "1\n"})))
    name = b"data/secret/9.in"
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := archive.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if archive[name_at : name_at + len(name)] == name:
                archive[start + offset : start + offset + 4] = struct.pack("<I", 10)
            start += 4
    return bytes(archive)


def _billion_laughs() -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    return "name: X\n" + "\n".join(lines) + "\n"


HOSTILE: dict[str, Callable[[], bytes]] = {
    "zip-slip": lambda: _with(("../../etc/evil", "x")),
    "absolute-path": lambda: _with(("/etc/evil", "x")),
    "backslashes": lambda: _with(("data\\secret\\3.in", "x")),
    "dot-segment": lambda: _with(("data/./secret/3.in", "x")),
    "duplicate-entry": lambda: _with(("data/secret/1.in", "9 9\n")),
    "link-out-of-the-package": lambda: zip_entries(
        minimal(), links={"data/secret/3.in": "../../../etc/passwd"}
    ),
    "absolute-link": lambda: zip_entries(minimal(), links={"data/secret/3.in": "/etc/passwd"}),
    "link-to-a-directory": lambda: zip_entries(minimal(), links={"data/secret/3.in": "../sample"}),
    "dangling-link": lambda: zip_entries(minimal(), links={"data/secret/3.in": "nothing.in"}),
    "link-loop": lambda: zip_entries(
        minimal(), links={"data/secret/3.in": "4.in", "data/secret/4.in": "3.in"}
    ),
    "fifo": lambda: _with((_special("data/secret/3.in", stat.S_IFIFO), "")),
    "device": lambda: _with((_special("data/secret/3.in", stat.S_IFCHR), "")),
    "encrypted": lambda: _with((_encrypted(), "x")),
    "deeply-nested": lambda: _with(("attachments/" + "d/" * 30 + "f.txt", "x")),
    "overlong-path": lambda: _with(("attachments/" + "/".join(["n" * 250] * 5) + "/f", "x")),
    "corrupt-member": _corrupt,
    "lying-sizes": _lying_sizes,
    "not-a-zip": lambda: b"\x1f\x8b\x08\x00 a gzip, not a zip",
    "yaml-billion-laughs": lambda: zip_entries(minimal({"problem.yaml": _billion_laughs()})),
    "yaml-too-large": lambda: zip_entries(minimal({"problem.yaml": "name: X\n" + "# padding\n" * 30_000})),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
async def test_hostile_packages_are_refused_and_leave_nothing(
    client: httpx.AsyncClient, database_url: str, case: str
) -> None:
    before = await row_counts(database_url)

    response = await import_zip(client, HOSTILE[case]())

    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid_package"
    assert response.json()["message"]
    assert await row_counts(database_url) == before


@pytest.mark.parametrize(
    ("case", "archive"),
    [
        (
            "file-over-test-max",
            lambda: zip_entries(minimal({"data/secret/3.in": "1" * 5000, "data/secret/3.ans": "1"})),
        ),
        (
            "problem-over-max",
            lambda: zip_entries(
                minimal(
                    {f"data/secret/big{i}.in": bytes([65 + i]) * 3900 for i in range(6)}
                    | {f"data/secret/big{i}.ans": "1\n" for i in range(6)}
                )
            ),
        ),
        ("zip-bomb", lambda: zip_entries(minimal({"attachments/zeros.bin": b"\0" * 3_000_000}))),
    ],
)
async def test_packages_over_the_size_limits_are_too_large(
    tiny_client: httpx.AsyncClient, database_url: str, case: str, archive: Callable[[], bytes]
) -> None:
    before = await row_counts(database_url)

    response = await import_zip(tiny_client, archive())

    assert response.status_code == 413, response.text
    assert response.json()["code"] == "too_large"
    assert await row_counts(database_url) == before


async def test_an_upload_over_the_limit_is_cut_off(
    tiny_client: httpx.AsyncClient, settings: Settings
) -> None:
    too_big = b"PK" + b"\0" * (TINY_LIMITS["problem_max_bytes"] + 81 * 1024 * 1024)

    response = await tiny_client.post(
        "/problems/import", content=too_big, headers={"content-type": "application/zip"}
    )

    # UPLOAD_MAX_BYTES (unset: PROBLEM_MAX_BYTES + 80 MiB) refuses it at the door, before any byte is read.
    assert (response.status_code, response.json()["code"]) == (413, "request_too_large")
    assert list((settings.data_dir / "tmp").glob("*.upload")) == []


async def test_too_many_entries_are_refused(client: httpx.AsyncClient) -> None:
    archive = zip_entries(minimal({f"attachments/f{i}": "" for i in range(20_001)}))

    response = await import_zip(client, archive)

    assert (response.status_code, response.json()["code"]) == (422, "invalid_package")
    assert "entries" in response.json()["message"]


async def test_a_link_inside_the_package_reads_as_its_target(client: httpx.AsyncClient) -> None:
    archive = zip_entries(
        minimal(), links={"data/secret/3.in": "1.in", "data/secret/3.ans": "../secret/1.ans"}
    )

    response = await import_zip(client, archive, verify=False)

    assert response.status_code == 201, response.text
    tests = {
        t["name"]: t for t in (await client.get(f"/problems/{response.json()['id']}/tests")).json()["items"]
    }
    assert tests["secret.3"]["inputSha256"] == tests["secret.1"]["inputSha256"]
