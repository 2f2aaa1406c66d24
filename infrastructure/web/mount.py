"""Mounts the web page on the app: pages at `/`, assets at `/static`, the OpenAPI pages at `/docs` and
`/redoc`; the API stays under `/api/v1`."""

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from infrastructure.web.headers import SecurityHeadersMiddleware
from infrastructure.web.pages import auth, docs, problems, submissions
from infrastructure.web.rendering import WEB_ROOT

DOCS_ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"


def mount_web(app: FastAPI) -> None:
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static/docs", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")
    app.mount("/static", StaticFiles(directory=WEB_ROOT / "static"), name="static")
    for router in (auth.router, problems.router, submissions.router, submissions.live_router, docs.router):
        app.include_router(router)
