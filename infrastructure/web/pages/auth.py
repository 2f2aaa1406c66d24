from typing import Annotated

from dishka.integrations.fastapi import FromDishka
from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from application.accounts.usecases.sign_in import SignIn, SignInInput
from application.accounts.usecases.sign_out import SignOut, SignOutInput
from domain.accounts.exceptions import NotAuthenticatedError
from infrastructure.web.rendering import Page
from infrastructure.web.route import CheckedForm, WebRoute
from infrastructure.web.security import CookiePolicy, safe_next

router = APIRouter(route_class=WebRoute, include_in_schema=False)


@router.get("/")
async def home() -> Response:
    return RedirectResponse("/problems", status_code=303)


@router.get("/sign-in")
async def sign_in_page(page: FromDishka[Page], next: Annotated[str | None, Query()] = None) -> Response:
    return await page.render("sign_in.html", {"next": safe_next(next), "error": None}, signed_in=False)


@router.post("/sign-in")
async def sign_in(
    form: CheckedForm, sign_in: FromDishka[SignIn], cookies: FromDishka[CookiePolicy], page: FromDishka[Page]
) -> Response:
    target = safe_next(str(form.get("next") or ""))
    key = form.get("api_key")
    try:
        signed = await sign_in(SignInInput(api_key=key if isinstance(key, str) else ""))
    except NotAuthenticatedError as error:
        context = {"next": target, "error": error.message}
        return await page.render("sign_in.html", context, status=401, signed_in=False)
    response = RedirectResponse(target, status_code=303)
    cookies.start_session(response, signed.token)
    return response


@router.post("/sign-out")
async def sign_out(
    request: Request, form: CheckedForm, sign_out: FromDishka[SignOut], cookies: FromDishka[CookiePolicy]
) -> Response:
    await sign_out(SignOutInput(token=cookies.session_token(request)))
    response = RedirectResponse("/sign-in", status_code=303)
    cookies.end_session(response)
    return response
