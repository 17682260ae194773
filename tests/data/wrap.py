"""Write a copy of an evaluation file with each question wrapped in words that say nothing of it.

    python tests/data/wrap.py IN.jsonl OUT.jsonl SEED [WRAPPINGS.txt]

Each `answer` and `followup` question gets an opener before it and a closer after it, drawn from
a file of greetings, hedges, apologies, thanks and sign-offs as visitors type them into a chat
box ("sorry if this is a dumb question but", "Kind regards,"). Earlier messages of a follow-up
and the expected facts stay as they are.

- `answers_tuning_wrapped.jsonl` (seed 4, `wrappings_tuning.txt`) is made from the tuning set
  and may be tuned on like it: grow the courtesies the bot leaves out of the lookup
  (`bot/data/background.toml`) and its chat filler stopwords from its failures.
- `answers_tuning_wrapped2.jsonl` (seed 5, `wrappings_tuning2.txt`, by a third writer who saw
  neither other list nor the bot's) may be tuned on too; it measures how far the bot's lists fit
  the wrappings they were grown from.
- `answers_unseen_wrapped.jsonl` (seed 3, `wrappings.txt`, written by another writer apart from
  those lists) is made from the untouched set and, like it, is never tuned on: never grow the
  bot's lists from `wrappings.txt`.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

WRAPPINGS = Path(__file__).with_name("wrappings.txt")
TUNING_WRAPPINGS = Path(__file__).with_name("wrappings_tuning.txt")


def read_wrappings(path: Path = WRAPPINGS) -> dict[str, list[str]]:
    """The `[openers]` and `[closers]` sections, one phrase a line."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return sections


def main(source: Path, target: Path, seed: int, wrappings_file: Path = WRAPPINGS) -> int:
    rng = random.Random(seed)
    wrappings = read_wrappings(wrappings_file)
    lines = []
    for line in source.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if case["kind"] not in ("answer", "followup"):
            continue
        opener = rng.choice(wrappings["openers"])
        closer = rng.choice(wrappings["closers"])
        case["q"], case["id"] = f"{opener} {case['q']} {closer}", f"{case['id']}-wrapped"
        lines.append(json.dumps(case, ensure_ascii=False))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


if __name__ == "__main__":
    wrappings_file = Path(sys.argv[4]) if len(sys.argv) > 4 else WRAPPINGS
    print(main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), wrappings_file), "questions")
