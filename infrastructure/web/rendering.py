"""Rendering pages: one Jinja2 environment (autoescaping every value), one request-scoped `Page` that knows
the signed-in person and the CSRF token its forms carry."""

import secrets
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from application.accounts.usecases import GetMe
from application.accounts.usecases.get_me import Me
from domain.accounts.access import can_author
from domain.accounts.exceptions import NotAuthenticatedError
from domain.judging.enums import Verdict
from infrastructure.web.headers import page_policy
from infrastructure.web.security import CSRF_FIELD, CookiePolicy

WEB_ROOT = Path(__file__).resolve().parent

VERDICT_LABELS: Mapping[str, str] = {
    Verdict.ACCEPTED: "Accepted",
    Verdict.WRONG_ANSWER: "Wrong answer",
    Verdict.TIME_LIMIT_EXCEEDED: "Time limit exceeded",
    Verdict.MEMORY_LIMIT_EXCEEDED: "Memory limit exceeded",
    Verdict.OUTPUT_LIMIT_EXCEEDED: "Output limit exceeded",
    Verdict.RUNTIME_ERROR: "Runtime error",
    Verdict.COMPILATION_ERROR: "Compilation error",
    Verdict.INTERNAL_ERROR: "Internal error",
}


def verdict_label(verdict: object) -> str:
    return VERDICT_LABELS.get(str(verdict), str(verdict)) if verdict else ""


def memory(kilobytes: int | None) -> str:
    if kilobytes is None:
        return "–"
    return f"{kilobytes / 1024:.1f} MB" if kilobytes >= 1024 else f"{kilobytes} KB"


def byte_size(size: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if size < 1024:
            return f"{size} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size:.1f} GiB"


def moment(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else ""


def score(value: float | None, maximum: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g} / {maximum:g}" if maximum is not None else f"{value:g}"


_environment = Environment(
    loader=FileSystemLoader(WEB_ROOT / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters.update(
    verdict_label=verdict_label, memory=memory, byte_size=byte_size, moment=moment, score=score
)
TEMPLATES = Jinja2Templates(env=_environment)


class Page:
    """Renders a template for this request, with the signed-in person (`me`) and the CSRF token."""

    def __init__(self, request: Request, cookies: CookiePolicy, get_me: GetMe) -> None:
        self._request = request
        self._cookies = cookies
        self._get_me = get_me

    async def me(self) -> Me:
        return await self._get_me()

    async def _optional_me(self) -> Me | None:
        try:
            return await self._get_me()
        except NotAuthenticatedError:
            return None

    async def render(
        self,
        template: str,
        context: Mapping[str, Any] | None = None,
        *,
        status: int = 200,
        signed_in: bool = True,
    ) -> HTMLResponse:
        """`signed_in=False` for pages anyone may see (sign-in, errors)."""
        me = await self.me() if signed_in else await self._optional_me()
        seed, new_seed = self._cookies.csrf_seed(self._request)
        style_nonce = secrets.token_urlsafe(16)
        values = {
            "me": me,
            "may_author": me is not None and can_author(me.principal),
            "csrf_field": CSRF_FIELD,
            "csrf_token": self._cookies.form_token(self._request, seed),
            "path": self._request.url.path,
            "style_nonce": style_nonce,
            **(context or {}),
        }
        response = TEMPLATES.TemplateResponse(self._request, template, values, status_code=status)
        response.headers["Content-Security-Policy"] = page_policy(style_nonce)
        if new_seed:
            self._cookies.remember_csrf_seed(response, seed)
        return response
