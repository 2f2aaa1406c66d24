"""A browser-like client for page tests: its own cookie jar, forms posted with the CSRF token the page
rendered, API calls with a bearer key beside it."""

import re
import uuid
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from uuid import UUID

import httpx
from dishka import AsyncContainer
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from application.transactions import TransactionManager
from domain.judging.enums import Verdict
from domain.submissions.entities import Claim, JudgingResult, TestResult
from domain.submissions.repositories import JudgingStore
from tests.bootstrap import ADMIN_HEADERS

HIDDEN_MESSAGE = "HIDDEN-CHECKER-MESSAGE-9c1e"
SAMPLE_MESSAGE = "SAMPLE-CHECKER-MESSAGE-9c1e"

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = _TOKEN.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


class Browser:
    def __init__(self, app: FastAPI) -> None:
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")

    async def close(self) -> None:
        await self.client.aclose()

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.get(path, **kwargs)

    async def token(self, page: str) -> str:
        response = await self.get(page)
        assert response.status_code == 200, response.text[:500]
        return csrf_of(response.text)

    async def post(
        self, path: str, data: dict[str, Any] | None = None, *, page: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        """Posts a form the way a browser would from `page` (default: the form's own page)."""
        token = await self.token(page or "/sign-in")
        return await self.client.post(path, data={"csrf_token": token, **(data or {})}, **kwargs)

    async def problem_list(self) -> str:
        """Every page of the problems list, one after another."""
        pages, offset = [], 0
        while True:
            page = await self.get(f"/problems?offset={offset}")
            assert page.status_code == 200, page.text[:300]
            pages.append(page.text)
            found = re.search(r'href="/problems\?offset=(\d+)">Next page', page.text)
            if not found:
                return "\n".join(pages)
            offset = int(found.group(1))

    async def sign_in(self, key: str) -> httpx.Response:
        response = await self.post("/sign-in", {"api_key": key, "next": "/problems"})
        assert response.status_code == 303, response.text[:500]
        return response


async def api_key(client: httpx.AsyncClient, role: str, name: str | None = None) -> tuple[str, str]:
    """(secret, key id) of a new key for a new account."""
    account = name or f"{role}-{uuid.uuid4().hex[:6]}"
    created = await client.post(
        "/api/v1/keys", json={"name": account, "role": role, "accountName": account}, headers=ADMIN_HEADERS
    )
    assert created.status_code == 201, created.text
    return created.json()["key"], created.json()["id"]


async def api_problem(client: httpx.AsyncClient, key: str, visibility: str = "public", **fields: Any) -> str:
    body = {
        "slug": f"w-{uuid.uuid4().hex[:12]}",
        "title": "Web problem",
        "type": "pass-fail",
        "limits": {"timeMs": 1000, "memoryMb": 64},
        "checker": {"type": "tokens"},
        "visibility": visibility,
        **fields,
    }
    created = await client.post("/api/v1/problems", json=body, headers={"Authorization": f"Bearer {key}"})
    assert created.status_code == 201, created.text
    problem_id: str = created.json()["id"]
    return problem_id


SAFE_TAGS = {
    *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp", "var"),
    *("em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark", "abbr", "q", "cite"),
    *("ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"),
    *("a", "img", "span", "div", "details", "summary", "figure", "figcaption"),
}
SAFE_URL = re.compile(r"^(https?://|mailto:|/|#|\.|[a-zA-Z0-9_-]+(/|$|\.|#|\?))", re.IGNORECASE)


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SAFE_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "id", "name", "srcset", "formaction", "xlink:href"):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "class" and tag not in ("span", "div"):
                self.problems.append(f"class on <{tag}>")
            if name in ("href", "src") and value is not None and not SAFE_URL.match(value.strip()):
                self.problems.append(f"url {value!r} in <{tag} {name}>")


def unsafe_html(fragment: str) -> list[str]:
    """What in an HTML fragment could run script, style the page or submit a form."""
    audit = _Audit()
    audit.feed(fragment)
    audit.close()
    return audit.problems


async def judge(container: AsyncContainer, submission: UUID, tests: dict[str, str]) -> None:
    """Writes a worker's results: the sample and the hidden test each with a checker message."""
    now = datetime.now(UTC)
    async with container() as request:
        store = await request.get(JudgingStore)
        claim = await _claim(await request.get(AsyncSession), submission, now)
        results = [
            TestResult(
                index=index,
                test_id=UUID(tests[kind]),
                name=kind,
                group="default",
                verdict=Verdict.WRONG_ANSWER if kind == "hidden" else Verdict.ACCEPTED,
                time_ms=7,
                wall_time_ms=9,
                memory_kb=2048,
                checker_message=message,
            )
            for index, (kind, message) in enumerate(
                (("sample", SAMPLE_MESSAGE), ("hidden", HIDDEN_MESSAGE)), 1
            )
        ]
        await store.save_test_results(claim, results)
        result = JudgingResult(
            verdict=Verdict.WRONG_ANSWER,
            score=0,
            max_score=1,
            time_ms=7,
            memory_kb=2048,
            compile_output="note: <b>compiled</b>",
            isolated=True,
        )
        assert await store.finish(claim, result, now)
        await (await request.get(TransactionManager)).commit()


async def _claim(session: AsyncSession, submission: UUID, now: datetime) -> Claim:
    """Claims this very submission, as a worker would (the fair `claim_next` picks whichever is due)."""
    worker, lease_until = uuid.uuid4(), now + timedelta(seconds=30)
    row = (
        await session.execute(
            text(
                "UPDATE submissions SET status = 'judging', attempt = attempt + 1, tries = tries + 1,"
                " lease_owner = :worker, lease_until = :lease_until, claimed_at = :now"
                " WHERE id = :id AND status = 'queued' RETURNING attempt, tries"
            ),
            {"worker": worker, "lease_until": lease_until, "now": now, "id": submission},
        )
    ).one()
    return Claim(
        submission_id=submission,
        attempt=row.attempt,
        tries=row.tries,
        worker_id=worker,
        lease_until=lease_until,
    )
