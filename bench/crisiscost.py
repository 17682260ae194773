"""Cost of crafted messages: the CPU time of a reply to the worst messages we can craft (crisis
words, negations, signs of "now", characters that expand when normalised), against an ordinary
question. The target: every message at most 20x an ordinary one and under 20 ms in-process."""

from __future__ import annotations

import random
import string
import time
from collections.abc import Callable
from statistics import median
from typing import Any

from bot import Bot
from bot.errors import InvalidMessageError
from knowledge.build import KnowledgeConfig, build_index

ORDINARY = ("how long does iop last?", "is there iop for teens", "what is iop", "does it cost")
# Words of the articles, mixed into made-up ones so the matcher and retrieval have work to do.
KNOWN_WORDS = ("iop", "therapy", "group", "program", "weeks", "cost", "teens", "insurance")


def crafted_messages(limit: int = 1000, seed: int = 0) -> dict[str, str | Callable[[], str]]:
    """Messages of about `limit` characters built to make detection and lookup work hardest.
    A callable makes a new message each time: words never met before, which no per-process
    table of stems, spellings or n-grams has seen."""
    rng = random.Random(seed)

    def fill(piece: str) -> str:
        return (piece * (limit // len(piece) + 1))[:limit]

    def made_up(letters: int, known_every: int = 0) -> Callable[[], str]:
        """Words of `letters` random letters; with `known_every`, every `known_every`-th word
        is one the articles use, so the message is not plainly unknown to the index and the
        matcher."""

        def message() -> str:
            count = limit // (letters + 1)
            words = ["".join(rng.choices(string.ascii_lowercase, k=letters)) for _ in range(count)]
            if known_every:
                words[::known_every] = rng.choices(KNOWN_WORDS, k=len(words[::known_every]))
            return " ".join(words)[:limit]

        return message

    return {
        "U+FDFA x55 (990 chars once normalised)": "\ufdfa" * 55,
        "'not kill myself now' repeated": fill("not kill myself now "),
        "'i want to die. how long is iop?' repeated": fill("i want to die. how long is iop? "),
        "negation words repeated": fill("not never no dont wont "),
        "danger words and signs of now": fill("gun rn pills tonight blade holding "),
        "past and present cues": fill("in 2015 i tried to kill myself and now "),
        "spaced letters 'k i l l'": fill("k i l l "),
        "obfuscations": fill("sewerslide k1ll myslef rn "),
        "one 1,000-letter word": "a" * limit,
        "Chinese": fill("我想死"),
        "made-up 5-letter words, new each time": made_up(5),
        "made-up 12-letter words, new each time": made_up(12),
        "made-up 5-letter words, every 3rd known": made_up(5, known_every=3),
        "made-up 5-letter words, every 2nd known": made_up(5, known_every=2),
    }


def _text(message: str | Callable[[], str]) -> str:
    return message() if callable(message) else message


def cpu_ms(bot: Bot, message: str | Callable[[], str], repeats: int) -> float:
    """Median CPU milliseconds of a reply (to a new message each time, for a callable)."""
    samples = []
    for _ in range(repeats):
        text = _text(message)
        started = time.process_time()
        bot.reply(text)
        samples.append((time.process_time() - started) * 1000)
    return median(samples)


def run(repetitions: int = 50) -> dict[str, Any]:
    bot = Bot(build_index(KnowledgeConfig.default()))
    for question in ORDINARY:
        bot.reply(question)
    ordinary = median(cpu_ms(bot, m, repetitions) for m in ORDINARY)
    rows = []
    for name, message in crafted_messages().items():
        try:
            bot.read(_text(message))
        except InvalidMessageError:
            rows.append({"message": name, "refused": True})
            continue
        cost = cpu_ms(bot, message, max(5, repetitions // 5))
        rows.append({"message": name, "ms": cost, "ratio": cost / ordinary})
    return {"ordinary_ms": ordinary, "rows": rows}


def format_result(result: dict[str, Any]) -> str:
    lines = [f"ordinary question: {result['ordinary_ms']:.3f} ms CPU (median)"]
    for row in result["rows"]:
        if row.get("refused"):
            lines.append(f"  {row['message']:<46} refused (too long once normalised)")
        else:
            lines.append(f"  {row['message']:<46} {row['ms']:7.3f} ms  {row['ratio']:5.1f}x")
    worst = max((r for r in result["rows"] if "ratio" in r), key=lambda r: r["ratio"])
    lines.append(f"worst: {worst['ratio']:.1f}x, {worst['ms']:.2f} ms (target: <= 20x, < 20 ms)")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_result(run()))
