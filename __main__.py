"""Entry point: `python __main__.py MODE`, where MODE picks what this process is."""

import argparse
import logging
import sys
import uuid

MODES = {
    "server": "serve the REST API (/api/v1) with uvicorn",
    "worker": "judge submissions: report languages, take tasks from the broker, run the sandbox",
    "notifier": "publish the outbox and deliver integration events to the sinks (no judging)",
    "migrate": "apply database migrations up to the newest (same as `alembic upgrade head`)",
    "create-key": "create an API key and print it (e.g. create-key --role admin --name ops)",
    "import-problem": "import a problem package (a directory or a zip) as the admin",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python __main__.py",
        description="Testing service (online judge). Choose a mode.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="modes:\n" + "\n".join(f"  {name:<14} {text}" for name, text in MODES.items()),
    )
    modes = parser.add_subparsers(dest="mode", metavar="MODE", required=True)
    for name, text in MODES.items():
        modes.add_parser(name, help=text, description=text)
    key = modes.choices["create-key"]
    key.add_argument("--role", required=True, choices=["admin", "author", "user"])
    key.add_argument("--name", required=True, help="what the key is for, e.g. ops")
    owner = key.add_mutually_exclusive_group()
    owner.add_argument("--account", help="name of a new account for the key (default: --name)")
    owner.add_argument("--account-id", type=uuid.UUID, help="id of an existing account")
    package = modes.choices["import-problem"]
    package.add_argument("path", metavar="PATH_OR_ZIP", help="the package: a directory or a .zip/.kpp")
    package.add_argument("--publish", action="store_true", help="make the problem public (default: draft)")
    package.add_argument("--slug", help="the problem's slug (default: from the package's name)")
    package.add_argument("--no-verify", action="store_true", help="do not judge the jury submissions")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)

    from infrastructure.config import ConfigError, load_settings

    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    from infrastructure.observability.logs import configure_logging

    configure_logging(settings.log_level, settings.log_format, secrets=settings.secrets())
    if settings.log_level != "debug":
        logging.getLogger("pgserver").setLevel(logging.WARNING)

    if args.mode == "server":
        from infrastructure.server import run_server

        run_server(settings)
    elif args.mode == "worker":
        from infrastructure.worker import run_worker

        run_worker(settings)
    elif args.mode == "notifier":
        from infrastructure.messaging.runtime import EVENT_ROLES, run_events

        run_events(settings, EVENT_ROLES)
    elif args.mode == "create-key":
        from domain.exceptions import DomainError
        from infrastructure.cli import create_key

        try:
            print(create_key(settings, args.role, args.name, args.account, args.account_id))
        except DomainError as error:
            print(f"error: {error.message}", file=sys.stderr)
            return 2
    elif args.mode == "import-problem":
        from domain.exceptions import DomainError
        from infrastructure.cli import import_problem

        try:
            print(
                import_problem(
                    settings, args.path, publish=args.publish, slug=args.slug, verify=not args.no_verify
                )
            )
        except DomainError as error:
            print(f"error: {error.message}", file=sys.stderr)
            return 2
    else:
        from infrastructure.database.embedded import resolve_database_url
        from infrastructure.migrations import upgrade

        upgrade(resolve_database_url(settings.database_url, settings.data_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
