"""The reference for submit_bench: a bare Starlette + asyncpg `POST /submissions` that parses the same JSON
body and does the same INSERT into the same `submissions` table, nothing else (no validation of the
problem, no broker). Run as `python bench/_lib/bare_submit.py` with BARE_DATABASE_URL, PORT, POOL_SIZE
and LOG_LEVEL."""

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import asyncpg
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

SOURCE_NAMES = {"c": "main.c", "cpp": "main.cpp", "python3": "main.py", "java": "Main.java"}
OPTIONAL_COLUMNS = ("owner_id", "key_id")  # set to NULL when the table has them (the admin key owns nothing)


def create_app(url: str, pool_size: int) -> Starlette:
    state: dict[str, object] = {}

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        pool = await asyncpg.create_pool(url, min_size=1, max_size=pool_size)
        async with pool.acquire() as connection:
            present = {
                row["column_name"]
                for row in await connection.fetch(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'submissions'"
                )
            }
        columns = ["id", "problem_id", "language", "file_names", "file_contents", "status", "attempt"]
        columns += ["created_at"]
        columns += [name for name in OPTIONAL_COLUMNS if name in present]
        placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
        state["pool"] = pool
        state["sql"] = f"INSERT INTO submissions ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
        state["extra"] = len(columns) - 8
        yield
        await pool.close()

    async def submit(request: Request) -> Response:
        body = json.loads(await request.body())
        submission_id = uuid.uuid4()
        problem_id = uuid.UUID(body["problemId"])
        language = str(body["language"])
        names, contents = [SOURCE_NAMES.get(language, "main")], [str(body["source"]).encode()]
        created_at = datetime.now(UTC)
        pool = state["pool"]
        assert isinstance(pool, asyncpg.Pool)
        extra = state["extra"]
        assert isinstance(extra, int)
        await pool.execute(
            str(state["sql"]),
            submission_id,
            problem_id,
            language,
            names,
            contents,
            "queued",
            0,
            created_at,
            *([None] * extra),
        )
        return JSONResponse(
            {
                "id": str(submission_id),
                "problemId": str(problem_id),
                "language": language,
                "status": "queued",
                "verdict": None,
                "tests": [],
                "createdAt": created_at.isoformat(),
                "finishedAt": None,
            },
            status_code=201,
        )

    return Starlette(
        routes=[Route("/api/v1/submissions", submit, methods=["POST"])],
        lifespan=lifespan,
    )


def main() -> None:
    app = create_app(os.environ["BARE_DATABASE_URL"], int(os.environ.get("POOL_SIZE", "20")))
    log_level = os.environ.get("LOG_LEVEL", "warning")
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=int(os.environ["PORT"]),
        log_level=log_level,
        access_log=log_level == "debug",
    )
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
