"""Run an app under the exact gunicorn settings of `iop-faq serve`, optionally overridden.

`python -m bench.launch echo|chat|stub --port P --workers N [--set key=value ...]`: the echo app
gives the stack's ceiling; `stub` is the chat app answering from one stored reply (what
everything but the bot costs); `chat` with `--set` tries a server setting before proposing it.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Sequence
from typing import Any

from flask import Flask


def _value(text: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def make_app(kind: str) -> Flask:
    if kind == "echo":
        from bench.echo_app import create_app

        return create_app()
    if kind == "stub":
        from bench.stub_app import create_app as create_stub_app

        return create_stub_app()
    from web import create_app as create_chat_app

    return create_chat_app()


def main(argv: Sequence[str] | None = None) -> None:
    from web.server import GunicornServer, ServeOptions

    parser = argparse.ArgumentParser(prog="python -m bench.launch")
    parser.add_argument("kind", choices=("echo", "chat", "stub"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override one gunicorn setting",
    )
    args = parser.parse_args(argv)
    config = ServeOptions(host=args.host, port=args.port, workers=args.workers).gunicorn_config()
    for item in args.overrides:
        key, _, value = item.partition("=")
        config[key] = _value(value)
    GunicornServer(make_app(args.kind), config).run()


if __name__ == "__main__":
    main()
