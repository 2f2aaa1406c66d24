"""The OpenAPI pages, Swagger UI at /docs and ReDoc at /redoc, with every asset served from here (the
`fastapi-offline` package bundles them): they work on a closed network."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from infrastructure.web.rendering import TEMPLATES

router = APIRouter(include_in_schema=False)


@router.get("/docs")
async def swagger_ui(request: Request) -> Response:
    return TEMPLATES.TemplateResponse(request, "docs.html", {"openapi_url": "/openapi.json"})


@router.get("/redoc")
async def redoc(request: Request) -> Response:
    return TEMPLATES.TemplateResponse(request, "redoc.html", {"openapi_url": "/openapi.json"})
