"""The Judge0 body validator (one table per kind of field): Judge0's defaults, bounds and messages, the first
failing field in Judge0's order."""

import base64
from typing import Any

import pytest

from application.runs.policy import RunsPolicy
from infrastructure.http.judge0.router import NUMBERS, Judge0Error, to_request

POLICY = RunsPolicy()
BASE: dict[str, Any] = {"source_code": "print(1)", "language_id": 71}


def refused(body: dict[str, Any], encoded: bool = False) -> dict[str, Any]:
    with pytest.raises(Judge0Error) as raised:
        to_request(body, encoded, POLICY)
    assert raised.value.status == 422
    assert len(raised.value.body) == 1
    return raised.value.body


def test_defaults_are_judge0s_and_echoed() -> None:
    request = to_request(dict(BASE), False, POLICY)
    assert (request.cpu_ms, request.cpu_extra_ms, request.wall_ms) == (5000, 1000, 10000)
    assert (request.memory_kb, request.stack_kb, request.processes, request.output_kb) == (
        128000,
        64000,
        60,
        1024,
    )
    assert request.extra["number_of_runs"] == 1
    assert request.extra["memory_limit"] == 128000
    assert isinstance(request.extra["memory_limit"], int)
    assert request.extra["cpu_time_limit"] == 5.0


@pytest.mark.parametrize("number", NUMBERS, ids=lambda n: n.name)
def test_every_number_is_bounded_typed_and_named(number: Any) -> None:
    high = number.high(POLICY.limits, POLICY)
    assert refused({**BASE, number.name: high + 1}) == {
        number.name: [f"must be less than or equal to {int(high) if float(high).is_integer() else high}"]
    }
    assert list(refused({**BASE, number.name: number.low - 1})) == [number.name]
    assert refused({**BASE, number.name: "lots"}) == {number.name: ["is not a number"]}
    assert refused({**BASE, number.name: True}) == {number.name: ["is not a number"]}
    if number.integer:
        assert refused({**BASE, number.name: number.low + 0.5}) == {number.name: ["must be an integer"]}
    else:
        to_request(
            {**BASE, number.name: str(number.low + 0.5)}, False, POLICY
        )  # numbers as strings, as Rails


def test_the_first_failing_field_wins_in_judge0s_order() -> None:
    body = {"language_id": 9999, "cpu_time_limit": 100, "compiler_options": "x\u0000"}
    assert list(refused(body)) == ["compiler_options"]  # text checks come first
    assert list(refused({"language_id": 9999, "cpu_time_limit": 100})) == ["language_id"]
    assert list(refused({**BASE, "enable_network": True, "cpu_time_limit": 100})) == ["enable_network"]


def test_additional_files_are_base64_whatever_base64_encoded_says() -> None:
    zipped = base64.b64encode(b"PK\x05\x06" + b"\0" * 18).decode()
    assert to_request(
        {**BASE, "additional_files": zipped}, False, POLICY
    ).additional_files == base64.b64decode(zipped)
    assert refused({**BASE, "additional_files": "%%%"}) == {"additional_files": ["is not valid base64"]}
    assert refused({**BASE, "additional_files": 5}) == {"additional_files": ["must be a string"]}


def test_a_blank_callback_url_is_no_callback() -> None:
    assert to_request({**BASE, "callback_url": ""}, False, POLICY).callback_url is None
