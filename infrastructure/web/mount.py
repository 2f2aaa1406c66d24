"""Mounts the web page on the app: pages at `/`, assets at `/static`, the OpenAPI pages at `/docs` and
`/redoc`; the API stays under `/api/v1`."""

import inspect
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from infrastructure.web.headers import SecurityHeadersMiddleware
from infrastructure.web.pages import auth, docs, problems, submissions
from infrastructure.web.rendering import WEB_ROOT
from infrastructure.web.route import error_page

DOCS_ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"


def _pages_answer_in_html(app: FastAPI) -> None:
    """An unknown page (or a method it does not take) is an HTML error page; the API keeps its JSON
    ErrorModel, so this wraps the handler installed for it."""
    api_handler = app.exception_handlers[StarletteHTTPException]

    async def handler(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        path = request.url.path
        if path.startswith(("/api/", "/static/")) or path == "/openapi.json":
            answered = api_handler(request, error)
            return await answered if inspect.isawaitable(answered) else answered
        message = "There is no such page." if error.status_code == 404 else str(error.detail)
        return await error_page(request, error.status_code, message)

    app.add_exception_handler(StarletteHTTPException, handler)


def mount_web(app: FastAPI) -> None:
    """Call after the API's error handlers are installed."""
    _pages_answer_in_html(app)
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static/docs", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")
    app.mount("/static", StaticFiles(directory=WEB_ROOT / "static"), name="static")
    for router in (auth.router, problems.router, submissions.router, submissions.live_router, docs.router):
        app.include_router(router)
