"""The Judge0 CE 1.13.1 API, driven by the official Judge0 Python SDK (unmodified) and by raw HTTP, against
a real server and worker."""

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import httpx
import judge0
import pytest

from tests.e2e.service import ADMIN_KEY, Service, running_service


@pytest.fixture(scope="module")
def service(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with running_service(
        postgres_server,
        tmp_path_factory.mktemp("judge0"),
        worker_concurrency="2",
        run_callbacks_allow_private="true",
    ) as service:
        service.start_server()
        service.start_worker()
        service.wait_for_languages("python3", "c")
        yield service


@pytest.fixture(scope="module")
def client(service: Service) -> judge0.Client:
    return judge0.Client(f"http://127.0.0.1:{service.port}/judge0", headers={"X-Auth-Token": ADMIN_KEY})


@pytest.fixture(scope="module")
def raw(service: Service) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=f"http://127.0.0.1:{service.port}/judge0", headers={"X-Auth-Token": ADMIN_KEY}, timeout=60
    ) as http:
        yield http


def test_the_sdk_runs_one_program(client: judge0.Client) -> None:
    result = judge0.run(client=client, source_code="print(input()[::-1])", language=71, stdin="abc")
    assert result.status == judge0.Status.ACCEPTED
    assert result.stdout == "cba\n"
    assert result.time is not None
    assert result.memory is not None
    assert result.created_at is not None
    assert result.finished_at is not None


def test_the_sdk_runs_several_test_cases_through_the_batch_endpoints(client: judge0.Client) -> None:
    results = judge0.run(
        client=client,
        source_code="print(int(input()) * 2)",
        language=judge0.PYTHON,
        test_cases=[("1", "2"), ("2", "4"), ("3", "7")],
    )
    assert [r.status for r in results] == [
        judge0.Status.ACCEPTED,
        judge0.Status.ACCEPTED,
        judge0.Status.WRONG_ANSWER,
    ]
    assert [r.stdout for r in results] == ["2\n", "4\n", "6\n"]


def test_the_sdk_sees_a_compilation_error(client: judge0.Client) -> None:
    result = judge0.run(client=client, source_code="int main(void){ return x; }", language=judge0.C)
    assert result.status == judge0.Status.COMPILATION_ERROR
    assert "x" in (result.compile_output or "")


def test_the_sdk_sees_a_time_limit(client: judge0.Client) -> None:
    result = judge0.run(client=client, source_code="while True: pass", language=71, cpu_time_limit=0.5)
    assert result.status == judge0.Status.TIME_LIMIT_EXCEEDED


def test_the_sdk_reads_output_that_is_not_utf8_in_base64(client: judge0.Client, raw: httpx.Client) -> None:
    source = "import sys; sys.stdout.buffer.write(b'\\xff\\xfeok')"
    result = judge0.run(client=client, source_code=source, language=71)
    assert result.status == judge0.Status.ACCEPTED
    assert result.stdout is not None
    assert result.stdout.endswith("ok")
    token = str(result.token)
    encoded = raw.get(f"/submissions/{token}", params={"base64_encoded": "true"}).json()
    assert base64.b64decode(encoded["stdout"]) == b"\xff\xfeok"
    plain = raw.get(f"/submissions/{token}")
    assert plain.status_code == 400
    assert "base64_encoded=true" in plain.json()["error"]


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, dict[str, Any]]]] = []
    arrived = threading.Event()

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append((self.command, json.loads(body)))
        self.send_response(200)
        self.end_headers()
        _Receiver.arrived.set()

    def log_message(self, *_: object) -> None:
        return


def test_a_callback_receives_one_put_when_the_run_finishes(client: judge0.Client) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        result = judge0.run(client=client, source_code="print('hi')", language=71, callback_url=url)
        assert _Receiver.arrived.wait(20), "no callback arrived"
    finally:
        server.shutdown()
    assert len(_Receiver.received) == 1
    method, body = _Receiver.received[0]
    assert method == "PUT"
    assert body["token"] == str(result.token)
    assert body["status"] == {"id": 3, "description": "Accepted"}
    assert base64.b64decode(body["stdout"]) == b"hi\n"


def test_raw_submission_with_wait_fields_and_formats(raw: httpx.Client) -> None:
    created = raw.post(
        "/submissions",
        params={
            "wait": "true",
            "fields": "stdout,status_id,time,wall_time,memory,exit_code,created_at,language",
        },
        json={
            "source_code": "import sys; print(sys.argv[1]); sys.exit(4)",
            "language_id": 71,
            "command_line_arguments": "'a b'",
        },
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert set(body) == {
        "stdout",
        "status_id",
        "time",
        "wall_time",
        "memory",
        "exit_code",
        "created_at",
        "language",
    }
    assert body["stdout"] == "a b\n"
    assert body["status_id"] == 11
    assert body["exit_code"] == 4
    assert isinstance(body["time"], str)
    assert float(body["time"]) >= 0
    assert body["created_at"].endswith("Z")
    assert len(body["created_at"]) == 24
    assert body["language"]["id"] == 71
    assert body["language"]["name"].startswith("Python (3.")


def test_raw_status_ids_for_signals(raw: httpx.Client) -> None:
    cases = [
        ("#include <signal.h>\nint main(void){raise(SIGSEGV);}", 7),
        ("#include <stdlib.h>\nint main(void){abort();}", 10),
        ("#include <signal.h>\nint main(void){raise(SIGFPE);}", 9),
        ("#include <signal.h>\nint main(void){raise(SIGUSR1);}", 12),
    ]
    for source, status in cases:
        body = raw.post(
            "/submissions",
            params={"wait": "true", "fields": "status,exit_signal"},
            json={"source_code": source, "language_id": 50},
        ).json()
        assert body["status"]["id"] == status, (source, body)


def test_raw_errors_are_judge0s(raw: httpx.Client, service: Service) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"source_code": "x"}, "language_id"),
        ({"source_code": "x", "language_id": 9999}, "language_id"),
        ({"language_id": 71}, "source_code"),
        ({"source_code": "x", "language_id": 71, "cpu_time_limit": 100}, "cpu_time_limit"),
        ({"source_code": "x", "language_id": 71, "memory_limit": "lots"}, "memory_limit"),
        ({"source_code": "x", "language_id": 71, "enable_network": True}, "enable_network"),
        ({"source_code": "x", "language_id": 71, "compiler_options": "-O3"}, "compiler_options"),
        ({"source_code": "x", "language_id": 71, "callback_url": "http://a/\u0000"}, "callback_url"),
        ({"source_code": "x", "language_id": 71, "callback_url": "ftp://host/"}, "callback_url"),
        ({"source_code": "x", "language_id": 71, "callback_url": "http://host:99999999/"}, "callback_url"),
        (
            {"source_code": "x", "language_id": 71, "command_line_arguments": "a\u0000"},
            "command_line_arguments",
        ),
        (
            {"source_code": "x", "language_id": 71, "command_line_arguments": "'open"},
            "command_line_arguments",
        ),
        ({"source_code": "%%%", "language_id": 71, "_base64": True}, "source_code"),
        ({"source_code": "x", "language_id": "seventy"}, "language_id"),
        ({"source_code": "x", "language_id": 71, "number_of_runs": 21}, "number_of_runs"),
        ({"source_code": "x", "language_id": 71, "stdin": "x" * (1024 * 1024 + 1)}, "stdin"),
        ({"source_code": "x" * (256 * 1024 + 1), "language_id": 71}, "source_code"),
    ]
    for body, field in cases:
        params = {"base64_encoded": "true"} if body.pop("_base64", False) else {}
        response = raw.post("/submissions", json=body, params=params)
        assert response.status_code == 422, (body, response.text)
        assert list(response.json()) == [field]
        assert isinstance(response.json()[field], list)
    assert raw.get("/submissions/" + "0" * 8 + "-0000-0000-0000-" + "0" * 12).status_code == 404
    token = raw.post("/submissions", json={"source_code": "print(1)", "language_id": 71}).json()["token"]
    bad_fields = raw.get(f"/submissions/{token}", params={"fields": "stdout,nope"})
    assert bad_fields.status_code == 400
    assert "nope" in bad_fields.json()["error"]
    too_many = raw.post(
        "/submissions/batch", json={"submissions": [{"source_code": "x", "language_id": 71}] * 21}
    )
    assert too_many.status_code == 422
    anonymous = httpx.post(
        f"http://127.0.0.1:{service.port}/judge0/submissions", json={"source_code": "x", "language_id": 71}
    )
    assert anonymous.status_code == 401
    for content in (b"not json", b"[1, 2]", b'"text"', b'{"source_code": "\\ud800", "language_id": 71}'):
        hostile = raw.post("/submissions", content=content, headers={"content-type": "application/json"})
        assert hostile.status_code in (400, 422), (content, hostile.text)
        assert "error" in hostile.json() or len(hostile.json()) == 1


def test_raw_batch_delete_and_informational_endpoints(raw: httpx.Client) -> None:
    created = raw.post(
        "/submissions/batch",
        json={"submissions": [{"source_code": "print(1)", "language_id": 71}, {"language_id": 71}]},
    )
    assert created.status_code == 201
    first, second = created.json()
    assert "token" in first
    assert second == {"source_code": ["can't be blank"]}
    done = raw.get(f"/submissions/{first['token']}", params={"wait": "true"}).json()
    assert done["status"]["id"] == 3
    batch = raw.get("/submissions/batch", params={"tokens": first["token"], "fields": "token,stdout"}).json()
    assert batch == {"submissions": [{"token": first["token"], "stdout": "1\n"}]}
    deleted = raw.delete(f"/submissions/{first['token']}")
    assert deleted.status_code == 200
    assert deleted.json()["token"] == first["token"]
    assert raw.get(f"/submissions/{first['token']}").status_code == 404
    assert raw.get("/about").json()["version"] == "1.13.1"
    statuses = raw.get("/statuses").json()
    assert [s["id"] for s in statuses] == list(range(1, 15))
    config = raw.get("/config_info").json()
    assert config["max_submission_batch_size"] == 20
    assert config["cpu_time_limit"] == 5.0
    ids = {language["id"] for language in raw.get("/languages").json()}
    assert {50, 71} <= ids
    assert raw.get("/languages/71").json()["id"] == 71
    assert raw.get("/workers").status_code == 200
    assert raw.get("/system_info").status_code == 200
