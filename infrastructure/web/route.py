"""How a page request ends when a use case refuses it: not signed in → the sign-in page (303, coming back
afterwards); any other domain error → an HTML error page with the API's status and message. Pages are never
cached (they show one person's data)."""

from typing import Annotated
from urllib.parse import quote, urlsplit

from dishka.integrations.fastapi import DishkaRoute
from fastapi import Depends
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from domain.accounts.exceptions import ForbiddenError, NotAuthenticatedError
from domain.exceptions import DomainError
from infrastructure.http.errors import status_for
from infrastructure.web.rendering import Page
from infrastructure.web.security import CSRF_FIELD, CookiePolicy, safe_next

FORM_MAX_FIELD_BYTES = 4 * 1024 * 1024  # a statement (512 Ki characters) or checker source fits
FORM_MAX_FILES = 64


class CsrfRejectedError(ForbiddenError):
    code = "csrf_rejected"


async def error_page(request: Request, status: int, message: str) -> Response:
    page: Page = await request.state.dishka_container.get(Page)
    return await page.render(
        "error.html", {"status": status, "message": message}, status=status, signed_in=False
    )


def sign_in_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":  # come back to the page the form was on
        referer = urlsplit(request.headers.get("referer", ""))
        target = safe_next(referer.path + (f"?{referer.query}" if referer.query else ""))
    return RedirectResponse(f"/sign-in?next={quote(target, safe='/')}", status_code=303)


class WebRoute(DishkaRoute):
    def get_route_handler(self):  # type: ignore[no-untyped-def]
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except NotAuthenticatedError:
                response = sign_in_redirect(request)
            except DomainError as error:
                response = await error_page(request, status_for(error), error.message)
            except RequestValidationError as error:
                in_path = any(part.get("loc", ("",))[0] == "path" for part in error.errors())
                response = await (
                    error_page(request, 404, "There is no such page.")
                    if in_path
                    else error_page(request, 422, "The request is not valid; go back and check the form.")
                )
            response.headers.setdefault("Cache-Control", "no-store")
            return response

        return page_handler


async def checked_form(request: Request) -> FormData:
    """The submitted form, once its CSRF token and origin are verified."""
    form = await request.form(max_files=FORM_MAX_FILES, max_part_size=FORM_MAX_FIELD_BYTES)
    cookies = await request.state.dishka_container.get(CookiePolicy)
    if not cookies.form_allowed(request, form.get(CSRF_FIELD)):
        raise CsrfRejectedError(
            "This form was not sent from a page of this site, or it has expired; reload the page and try "
            "again."
        )
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]
