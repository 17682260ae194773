"""Write a misspelt copy of an evaluation file: the way people misspell, not the way they mistype.

    python tests/data/misspell.py IN.jsonl OUT.jsonl SEED

Each `answer` and `followup` question gets a misspelling in about half its words of four letters
or more: a sound-alike spelling ("ph" -> "f", "tion" -> "shun", "ie" <-> "ei", a double letter
made single), a vowel replaced, a silent final "e" dropped, or two letters swapped. Earlier
messages of a follow-up and the expected facts stay as they are. The matcher's own misspelt
training copies (`knowledge.matcher.with_typos`) drop, double, swap or mistype letters on a
keyboard instead, so this set does not test the matcher on its own kind of noise.

`answers_tuning_typos.jsonl` (seed 1) is made from the tuning set and may be tuned on like it;
`answers_unseen_typos.jsonl` (seed 2) is made from the untouched set and, like it, is never
tuned on.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

SOUND_ALIKES = [
    ("ph", "f"), ("tion", "shun"), ("sion", "shun"), ("ie", "ei"), ("ei", "ie"), ("ck", "k"),
    ("c", "k"), ("s", "z"), ("ance", "ence"), ("ence", "ance"), ("ent", "ant"), ("able", "ible"),
    ("y", "i"), ("ou", "u"), ("ee", "ea"), ("ea", "ee"), ("ss", "s"), ("ll", "l"), ("tt", "t"),
    ("pp", "p"), ("rr", "r"), ("mm", "m"), ("nn", "n"), ("cc", "c"), ("dd", "d"), ("er", "ur"),
    ("or", "er"), ("al", "el"), ("ight", "ite"), ("ough", "uff"), ("x", "ks"), ("qu", "kw"),
    ("wh", "w"), ("ch", "sh"),
]  # fmt: skip
VOWELS = "aeiou"
KEPT = {"iop", "iops"}
RATE = 0.45


def sound_alike(word: str, rng: random.Random) -> str | None:
    options = [(a, b) for a, b in SOUND_ALIKES if a in word[1:]]
    if not options:
        return None
    spelt, heard = rng.choice(options)
    at = rng.choice([m.start() for m in re.finditer(re.escape(spelt), word) if m.start() > 0])
    return word[:at] + heard + word[at + len(spelt) :]


def other_vowel(word: str, rng: random.Random) -> str | None:
    places = [i for i, ch in enumerate(word) if ch in VOWELS and 0 < i < len(word) - 1]
    if not places:
        return None
    at = rng.choice(places)
    return word[:at] + rng.choice([v for v in VOWELS if v != word[at]]) + word[at + 1 :]


def single_letter(word: str, rng: random.Random) -> str | None:
    for at in range(1, len(word) - 1):
        if word[at] == word[at + 1]:
            return word[:at] + word[at + 1 :]
    return None


def no_final_e(word: str, rng: random.Random) -> str | None:
    return word[:-1] if word.endswith("e") and len(word) > 4 else None


def swapped(word: str, rng: random.Random) -> str | None:
    at = rng.randrange(1, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


MISSPELLINGS: list[Callable[[str, random.Random], str | None]] = [
    sound_alike, sound_alike, other_vowel, single_letter, no_final_e, swapped,
]  # fmt: skip


def misspell(text: str, rng: random.Random, rate: float = RATE) -> str:
    """`text` with about `rate` of its longer words misspelt (lowercased where changed)."""
    out = []
    for token in re.split(r"(\W+)", text):
        if (
            len(token) >= 4
            and token.isalpha()
            and token.lower() not in KEPT
            and rng.random() < rate
        ):
            word = token.lower()
            for change in rng.sample(MISSPELLINGS, len(MISSPELLINGS)):
                found = change(word, rng)
                if found and found != word:
                    token = found
                    break
        out.append(token)
    return "".join(out)


def main(source: Path, target: Path, seed: int) -> int:
    rng = random.Random(seed)
    lines = []
    for line in source.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if case["kind"] not in ("answer", "followup"):
            continue
        question = misspell(case["q"], rng)
        for _ in range(5):  # a question with no word to misspell at first
            if question != case["q"]:
                break
            question = misspell(case["q"], rng, rate=0.6)
        case["q"], case["id"] = question, f"{case['id']}-typo"
        lines.append(json.dumps(case, ensure_ascii=False))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


if __name__ == "__main__":
    print(main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])), "questions")
