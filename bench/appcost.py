"""What one request costs inside the app, without a server: the echo app, the chat app, the bot.

The WSGI callables are called directly with prepared environs (the same bodies wrk sends), so
the figures are the apps' own CPU time per request; the HTTP part adds the server's share.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench import echo_app, http
from bench.workload import Turn
from bot import Bot
from knowledge.build import load_index

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Any]


def environ(body: bytes) -> dict[str, Any]:
    """A minimal WSGI environ for `POST /api/chat` with a JSON body."""
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/chat",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }


def _start_response(status: str, headers: list[Any], exc_info: Any = None) -> None:
    return None


def call_app(app: WSGIApp, bodies: Sequence[bytes], count: int) -> None:
    for i in range(count):
        result = app(environ(bodies[i % len(bodies)]), _start_response)
        b"".join(result)
        result.close()


def call_bot(bot: Bot, turns: Sequence[Turn], count: int) -> None:
    for i in range(count):
        turn = turns[i % len(turns)]
        json.dumps(bot.reply(turn.message, turn.context).to_dict())


def per_call_ms(run: Callable[[int], None], count: int, rounds: int) -> float:
    """The best of `rounds` mean times per call (ms): the least disturbed by other work."""
    run(min(count, 300))
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        run(count)
        best = min(best, (time.perf_counter() - started) / count)
    return best * 1000


def run(eval_path: Path, count: int = 4000, rounds: int = 5) -> dict[str, Any]:
    """Per-request milliseconds of the echo app, the shipped chat app with its reply cache off
    and on, and `Bot.reply` alone."""
    from web import create_app

    with tempfile.TemporaryDirectory(prefix="iop-faq-appcost-") as tmp:
        index_path, turns = http.prepare(Path(tmp), eval_path)
        bodies = [json.dumps({"message": t.message, "context": t.context}).encode() for t in turns]
        echo = echo_app.create_app().wsgi_app
        config = {"IOP_FAQ_INDEX": str(index_path), "IOP_FAQ_CHAT_LIMIT": http.UNLIMITED}
        chat = create_app({**config, "IOP_FAQ_REPLY_CACHE": 0}).wsgi_app
        cached_chat = create_app(config).wsgi_app
        bot = Bot(load_index(index_path))
        result = {
            name: per_call_ms(run, count, rounds)
            for name, run in (
                ("echo_ms", lambda n: call_app(echo, bodies, n)),
                ("chat_ms", lambda n: call_app(chat, bodies, n)),
                ("cached_chat_ms", lambda n: call_app(cached_chat, bodies, n)),
                ("bot_ms", lambda n: call_bot(bot, turns, n)),
            )
        }
    result["framework_ms"] = result["chat_ms"] - result["bot_ms"] - result["echo_ms"]
    return result


def budget(appcost: dict[str, Any], echo_rps_one_worker: float, share: float) -> dict[str, float]:
    """How much app time per request one worker can spend and still reach `share` of echo.

    One saturated worker spends 1/rps per request: the echo app's own time plus the server's
    (gunicorn, sockets). Assuming the server's share is the same for chat, chat reaches
    `share` of echo when its app time is at most 1/(share * rps) minus the server's share.
    """
    per_request_ms = 1000 / echo_rps_one_worker
    server_ms = per_request_ms - appcost["echo_ms"]
    return {"server_ms": server_ms, "allowed_app_ms": per_request_ms / share - server_ms}


def format_result(result: dict[str, Any]) -> str:
    return (
        f"per request, in the app: echo {result['echo_ms']:.3f} ms, chat without its reply cache "
        f"{result['chat_ms']:.3f} ms = echo + Bot.reply {result['bot_ms']:.3f} ms + the rest "
        f"{result['framework_ms']:.3f} ms (request checks, limits, headers, JSON); "
        f"chat answering repeats from its cache {result.get('cached_chat_ms', float('nan')):.3f} ms"
    )
