from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from dishka import AsyncContainer
from fastapi import APIRouter, FastAPI

from infrastructure.http.api.v1.health.router import router as health_router
from infrastructure.http.api.v1.keys.router import router as keys_router
from infrastructure.http.api.v1.languages.router import router as languages_router
from infrastructure.http.api.v1.models import error_responses
from infrastructure.http.api.v1.packages.router import router as packages_router
from infrastructure.http.api.v1.problems.router import router as problems_router
from infrastructure.http.api.v1.problems.tests_router import router as tests_router
from infrastructure.http.api.v1.queue.router import router as queue_router
from infrastructure.http.api.v1.runs.router import router as runs_router
from infrastructure.http.api.v1.submissions.router import router as submissions_router
from infrastructure.http.api.v1.webhooks.router import router as webhooks_router
from infrastructure.http.api.v1.workers.router import router as workers_router
from infrastructure.http.errors import install_error_handlers
from infrastructure.http.fast_submit import FastSubmit
from infrastructure.http.gate import ApiGate
from infrastructure.http.judge0.router import router as judge0_router
from infrastructure.http.metrics import router as metrics_router
from infrastructure.observability.http import ObservabilityMiddleware
from infrastructure.web.mount import mount_web

API_DESCRIPTION = """
An automated code-testing service: authors publish problems with tests and checkers, users submit
programs, workers compile and run them in a sandbox and publish verdicts.

Every error body is an `ErrorModel` `{code, message, details}` with a stable `code`.
"""


def create_app(
    container: AsyncContainer,
    on_startup: Callable[[AsyncContainer], Awaitable[None]] | None = None,
    *,
    metrics_route: bool = True,
    judge0_prefix: str = "/judge0",
) -> FastAPI:
    """`metrics_route`: serve /api/v1/metrics (to admins) here; off when METRICS_PORT serves it."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if on_startup is not None:
            await on_startup(container)
        yield
        await container.close()

    app = FastAPI(
        title="Testing service",
        version="1.0.0",
        description=API_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served offline by the web page (infrastructure/web/pages/docs.py)
        redoc_url=None,
        openapi_url="/openapi.json",
        # The service's telemetry is its own (infrastructure/observability); FastAPI's native OpenTelemetry,
        # never configured here, still asked the global providers (the environment) at every request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    v1 = APIRouter(prefix="/api/v1", responses=error_responses(422, 500))
    # Matched in this order, one route after another: the submit, the hottest route, is tried first.
    routers = (
        submissions_router,
        health_router,
        languages_router,
        workers_router,
        keys_router,
        problems_router,
        packages_router,
        tests_router,
        queue_router,
        webhooks_router,
        runs_router,
    )
    for router in routers:
        v1.include_router(router)
    if metrics_route:
        v1.include_router(metrics_router)
    app.include_router(v1)
    app.include_router(judge0_router, prefix=judge0_prefix)
    install_error_handlers(app)
    mount_web(app)
    app.state.dishka_container = container
    app.add_middleware(FastSubmit)  # inside the gate: its key, ceiling, container
    # The gate opens each request's dishka container (dishka's ContainerMiddleware would open a second).
    app.add_middleware(ApiGate, container=container, routes=app.router.routes)
    app.add_middleware(ObservabilityMiddleware, container=container)
    return app
