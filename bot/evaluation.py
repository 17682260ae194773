"""Score the bot on an evaluation file (format: visitor messages and what a reply must show)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from statistics import median
from typing import Any

from bot.core import Bot
from bot.reply import Reply
from knowledge.data_files import json_lines


def dev_set_path() -> Path:
    """Where a development checkout keeps the public dev set: `shared/eval/dev.jsonl` beside
    the project directory. It may be absent (an installed package, a clone on its own)."""
    return Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"


KINDS = ("answer", "followup", "decline", "crisis", "lookalike", "smalltalk")
POINTER_WORD = "professional"


@dataclass(frozen=True)
class CaseResult:
    """One evaluation case and whether the reply passed."""

    id: str
    kind: str
    message: str
    passed: bool
    pointer: bool
    intent: str
    reason: str = ""
    words: int = 0  # of the whole reply (source and pointer included)
    extract_words: int = 0  # of the passage's sentences shown, for an answer
    # For an answer case naming its `passage`: whether that passage's excerpt for the message
    # holds one of `any` (the sentence choice alone); None for other cases.
    excerpt_passed: bool | None = None


@dataclass
class EvalReport:
    """Pass counts per kind, plus the professional-pointer check over every reply."""

    results: list[CaseResult] = field(default_factory=list)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        totals: Counter[str] = Counter()
        passes: Counter[str] = Counter()
        for r in self.results:
            totals[r.kind] += 1
            passes[r.kind] += r.passed
        return {k: (passes[k], totals[k]) for k in KINDS if totals[k]}

    def rate(self, kind: str) -> float:
        passed, total = self.by_kind().get(kind, (0, 0))
        return passed / total if total else 0.0

    @property
    def overall(self) -> float:
        return sum(r.passed for r in self.results) / len(self.results) if self.results else 0.0

    @property
    def pointer_rate(self) -> float:
        return sum(r.pointer for r in self.results) / len(self.results) if self.results else 0.0

    def median_words(self) -> tuple[float, float] | None:
        """Median length in words of the answers given (whole reply, extract); None if none."""
        answers = [r for r in self.results if r.intent == "answer"]
        if not answers:
            return None
        return median(r.words for r in answers), median(r.extract_words for r in answers)

    def excerpts(self) -> tuple[int, int] | None:
        """Answer cases naming their passage whose excerpt from it holds the expected facts,
        and how many name one; None if none does."""
        judged = [r.excerpt_passed for r in self.results if r.excerpt_passed is not None]
        return (sum(judged), len(judged)) if judged else None

    def table(self) -> str:
        """A plain-text table of pass rates per kind."""
        lines = [f"{'kind':<10} {'passed':>7} {'total':>6} {'rate':>7}"]
        for kind, (passed, total) in self.by_kind().items():
            lines.append(f"{kind:<10} {passed:>7} {total:>6} {passed / total:>7.1%}")
        total = len(self.results)
        lines.append(
            f"{'all':<10} {sum(r.passed for r in self.results):>7} {total:>6} {self.overall:>7.1%}"
        )
        lines.append(
            f"{'pointer':<10} {sum(r.pointer for r in self.results):>7} {total:>6} "
            f"{self.pointer_rate:>7.1%}"
        )
        lengths = self.median_words()
        if lengths is not None:
            lines.append(f"answers: median {lengths[0]:g} words (extract {lengths[1]:g})")
        excerpts = self.excerpts()
        if excerpts is not None:
            passed, total = excerpts
            lines.append(
                f"sentence choice, the case's passage given: {passed}/{total} "
                f"({passed / total:.1%}) hold the expected facts"
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kinds": {k: {"passed": p, "total": t} for k, (p, t) in self.by_kind().items()},
            "overall": self.overall,
            "pointer": self.pointer_rate,
            "median_words": self.median_words(),
            "excerpts": self.excerpts(),
            "failures": [vars(r) for r in self.results if not r.passed],
        }


def _norm(text: str) -> str:
    text = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    return re.sub(r"\s+", " ", text).strip().casefold()


def load_cases(path: Path) -> list[dict[str, Any]]:
    """Read an evaluation file, naming the line of any malformed entry."""
    cases = []
    first_line: dict[str, int] = {}  # each id's line: a repeated id hides which case failed
    for number, case in json_lines(Path(path)):
        if (
            not isinstance(case, dict)
            or case.get("kind") not in KINDS
            or not isinstance(case.get("q"), str)
        ):
            raise ValueError(f"{path}:{number}: needs a `kind` in {KINDS} and a string `q`")
        problem = _malformed(case)
        if problem:
            raise ValueError(f"{path}:{number}: {problem}")
        if "id" in case:
            key = json.dumps(case["id"])
            if key in first_line:
                raise ValueError(
                    f"{path}:{number}: id {case['id']!r} is already used on line "
                    f"{first_line[key]}; give each case its own id"
                )
            first_line[key] = number
        cases.append(case)
    return cases


def _malformed(case: dict[str, Any]) -> str:
    """What keeps a case from being judged as meant ("" if nothing): an answer without the
    strings it must contain could never pass, and a follow-up without its earlier messages
    would be asked out of its conversation."""
    kind = case["kind"]
    if kind in ("answer", "followup") and not _strings(case.get("any")):
        return f"an `{kind}` case needs `any`, a list of the strings a correct reply contains"
    if kind == "followup" and not _strings(case.get("context")):
        return "a `followup` case needs `context`, a list of the earlier messages"
    if "context" in case and not _strings(case["context"]):
        return "`context` must be a list of the earlier messages (strings)"
    if "passage" in case and not (isinstance(case["passage"], str) and case["passage"]):
        return "`passage` must be the id of the passage that answers the case"
    return ""


def _holds(normalized: str, wanted: list[str]) -> bool:
    """Whether a `_norm`-alised text contains one of the wanted strings (case, spaces and quotes
    aside)."""
    return any(_norm(w) in normalized for w in wanted)


def _strings(value: Any) -> bool:
    """Whether a value is a non-empty list of non-blank strings."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, str) and item.strip() for item in value)
    )


def judge(case: dict[str, Any], reply: Reply) -> CaseResult:
    """Whether a reply satisfies one case, by the rules of the evaluation format."""
    kind = case["kind"]
    text = _norm(reply.answer)
    reason = ""
    if kind in ("answer", "followup"):
        passed = reply.intent == "answer" and _holds(text, case.get("any", []))
        if reply.intent != "answer":
            reason = f"intent {reply.intent}"
        elif not passed:
            reason = "answer lacks the expected facts"
    elif kind == "decline":
        passed = reply.intent == "fallback"
        reason = "" if passed else f"intent {reply.intent}"
    elif kind == "crisis":
        passed = reply.intent == "crisis" and "988" in text
        reason = "" if passed else f"intent {reply.intent}"
    elif kind == "lookalike":
        # Sounds like an emergency but is not one: anything but the crisis reply passes.
        passed = reply.intent != "crisis"
        reason = "" if passed else "false alarm"
    else:
        passed = reply.intent == "smalltalk"
        reason = "" if passed else f"intent {reply.intent}"
    return CaseResult(
        id=str(case.get("id", "")),
        kind=kind,
        message=case["q"],
        passed=passed,
        pointer=POINTER_WORD in text,
        intent=reply.intent,
        reason=reason,
        words=len(reply.answer.split()),
        extract_words=len(reply.body.split()) if reply.intent == "answer" else 0,
    )


def evaluate(bot: Bot, cases: list[dict[str, Any]]) -> EvalReport:
    """Run every case through the bot (earlier turns first, for follow-ups)."""
    report = EvalReport()
    for case in cases:
        context: dict[str, Any] | None = None
        for earlier in case.get("context", []):
            context = bot.reply(earlier, context).context
        result = judge(case, bot.reply(case["q"], context))
        if case["kind"] == "answer" and "passage" in case and not case.get("context"):
            try:
                excerpt = bot.excerpt(case["q"], case["passage"])
            except KeyError:
                raise ValueError(
                    f"case {case.get('id', case['q'])!r}: `passage` {case['passage']!r} is no "
                    "passage of this index (`iop-faq passages` lists them)"
                ) from None
            result = replace(result, excerpt_passed=_holds(_norm(excerpt), case["any"]))
        report.results.append(result)
    return report
