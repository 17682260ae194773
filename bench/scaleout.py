"""Two instances behind no shared state but Redis: one rate limit, any instance answers any turn."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import servers
from bench.http import app_env, prepare
from bot import Bot, Reply
from bot.evaluation import judge, load_cases
from knowledge.index import KnowledgeIndex

LIMIT = 10
SALT = "bench-shared-salt"
LIMIT_CLIENT = "127.0.0.1"


def conversation_client(number: int) -> str:
    """A loopback address of its own for each conversation, so that conversations never share
    a rate limit (each stays well under it)."""
    return f"127.0.{1 + number // 250}.{1 + number % 250}"


@contextmanager
def instance_pair(
    workdir: Path, index: Path, storage: str, limit: str
) -> Iterator[tuple[servers.Server, servers.Server]]:
    """Instances A and B, one worker each, counting limits in `storage`."""
    env = app_env(index, storage=storage, limit=limit) | {"IOP_FAQ_CLIENT_SALT": SALT}
    with contextlib.ExitStack() as stack:
        pair = []
        for _ in range(2):
            port = servers.free_port()
            command = servers.app_command(port, 1, index)
            pair.append(stack.enter_context(servers.running(command, port, workdir, env)))
        yield pair[0], pair[1]


def spread_requests(pair: Sequence[servers.Server], count: int) -> dict[str, Any]:
    """`count` chat requests alternating between the instances; how many got through."""
    statuses = []
    for number in range(count):
        server = pair[number % 2]
        status, body = servers.post_json(
            f"{server.url}/api/chat", {"message": "what is an IOP?"}, source=LIMIT_CLIENT
        )
        statuses.append((status, "988" in str(body)))
    accepted = sum(1 for s, _ in statuses if s == 200)
    limited = [crisis for s, crisis in statuses if s == 429]
    first_429 = next((i for i, (s, _) in enumerate(statuses) if s == 429), None)
    return {
        "sent": count,
        "accepted": accepted,
        "accepted_by": [
            sum(1 for i, (s, _) in enumerate(statuses) if s == 200 and i % 2 == k) for k in (0, 1)
        ],
        "limited": len(limited),
        "first_429_at": first_429,
        "429_carry_crisis_line": bool(limited) and all(limited),
        "other": sum(1 for s, _ in statuses if s not in (200, 429)),
    }


def split_conversations(
    pair: Sequence[servers.Server], reference: Bot, eval_path: Path
) -> list[dict[str, Any]]:
    """Each follow-up case: earlier turns to A, the follow-up to B with A's context."""
    a, b = pair
    rows = []
    cases = [case for case in load_cases(eval_path) if case["kind"] == "followup"]
    for number, case in enumerate(cases):
        client = conversation_client(number)
        context, local_context = None, None
        for earlier in case["context"]:
            _, body = servers.post_json(
                f"{a.url}/api/chat",
                {"message": earlier, "context": context},
                source=client,
            )
            context = body.get("context")
            local_context = reference.reply(earlier, local_context).context
        status, body = servers.post_json(
            f"{b.url}/api/chat",
            {"message": case["q"], "context": context},
            source=client,
        )
        local = reference.reply(case["q"], local_context)
        remote = Reply(answer=str(body.get("answer", "")), intent=body.get("intent", "fallback"))
        rows.append(
            {
                "id": case["id"],
                "status": status,
                "same_as_one_process": remote.answer == local.answer,
                "passed": judge(case, remote).passed,
                "reference_passed": judge(case, local).passed,
            }
        )
    return rows


def run(workdir: Path, eval_path: Path) -> dict[str, Any]:
    """The shared limit with Redis, the same without it, and conversations split across both."""
    index_path, _ = prepare(workdir, eval_path)
    reference = Bot(KnowledgeIndex.load(index_path))
    limit = f"{LIMIT}/minute"
    sent = 3 * LIMIT
    with (
        servers.redis_server(workdir) as uri,
        instance_pair(workdir, index_path, uri, limit) as pair,
    ):
        shared = spread_requests(pair, sent)
        conversations = split_conversations(pair, reference, eval_path)
    with instance_pair(workdir, index_path, "memory://", limit) as pair:
        separate = spread_requests(pair, sent)
    return {
        "limit": limit,
        "redis": shared,
        "memory": separate,
        "conversations": conversations,
        "passed": (
            shared["accepted"] == LIMIT
            and shared["other"] == 0
            and all(c["status"] == 200 and c["same_as_one_process"] for c in conversations)
        ),
    }


def format_result(result: dict[str, Any]) -> str:
    lines = [f"two instances, chat limit {result['limit']} per client, requests alternating A/B:"]
    for name in ("redis", "memory"):
        r = result[name]
        lines.append(
            f"  {name:<7} storage: {r['accepted']}/{r['sent']} accepted "
            f"(A {r['accepted_by'][0]}, B {r['accepted_by'][1]}), first 429 at request "
            f"{r['first_429_at']}, 429s carry the crisis line: {r['429_carry_crisis_line']}"
        )
    for c in result["conversations"]:
        lines.append(
            f"  follow-up {c['id']}: earlier turns on A, follow-up on B -> status {c['status']}, "
            f"same reply as one process: {c['same_as_one_process']}, passes: {c['passed']}"
        )
    lines.append(f"  {'PASS' if result['passed'] else 'FAIL'}")
    return "\n".join(lines)
