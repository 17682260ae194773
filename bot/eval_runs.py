"""Saved evaluation runs and what changed between two of them: the maintainer's measure of a
change (`iop-faq eval --save before.json`, change something, `iop-faq eval --against
before.json`). A held-out file's messages are never shown, only its counts: held-out sets are
run, never read."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.evaluation import CaseResult, EvalReport

HELD_OUT_DIR = "heldout"  # a directory of evaluation files only run, never read
RUN_FORMAT = 1


def is_held_out(file: str | Path) -> bool:
    """Whether an evaluation file is a held-out set: one in a `heldout` directory."""
    return HELD_OUT_DIR in Path(file).parts[:-1]


def case_key(position: int, result: CaseResult) -> str:
    """What names a case across runs: its id, or its place in the file when it has none."""
    return result.id or f"#{position + 1}"


def run_record(reports: dict[str, EvalReport]) -> dict[str, Any]:
    """A run as JSON: per file, each case's key, kind, intent and whether it passed. Held-out
    files keep no message."""
    files = {}
    for name, report in reports.items():
        hidden = is_held_out(name)
        files[name] = [
            {
                "key": case_key(position, r),
                "kind": r.kind,
                "passed": r.passed,
                "intent": r.intent,
                **({} if hidden else {"message": r.message}),
            }
            for position, r in enumerate(report.results)
        ]
    return {"format": RUN_FORMAT, "files": files}


def save_run(record: dict[str, Any], path: Path) -> None:
    """Write a `run_record` to `path` (replaced whole: written aside, then moved into place)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    partial.replace(path)


def load_run(path: Path) -> dict[str, list[dict[str, Any]]]:
    """A saved run's cases by file, or a ValueError naming what is wrong with the file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a saved evaluation run ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != RUN_FORMAT:
        raise ValueError(
            f"{path}: not a saved evaluation run of format {RUN_FORMAT}; "
            "save one with `iop-faq eval --save FILE`"
        )
    files = data.get("files")
    if not isinstance(files, dict):
        raise ValueError(f"{path}: a saved run needs `files`")
    return files


@dataclass(frozen=True)
class FileChange:
    """One file's passes before and now, and the cases that changed."""

    file: str
    before: int
    now: int
    total: int
    gained: tuple[dict[str, Any], ...]
    lost: tuple[dict[str, Any], ...]
    unmatched: int  # cases in only one of the two runs (the file was edited)

    def lines(self) -> list[str]:
        """The file's line, then one per changed case (held-out files: the counts alone)."""
        delta = self.now - self.before
        sign = f" ({delta:+d})" if delta else ""
        head = f"{self.file}: {self.before} -> {self.now} of {self.total}{sign}"
        if self.unmatched:
            head += f"; {self.unmatched} cases in only one run"
        out = [head]
        if is_held_out(self.file):
            if self.gained or self.lost:
                out.append(
                    f"  {len(self.gained)} gained, {len(self.lost)} lost (held out: not shown)"
                )
            return out
        for label, cases in (("GAIN", self.gained), ("LOSS", self.lost)):
            out += [
                f"  {label} {c['key']:<12} {c['kind']:<9} {c['intent']:<10} {c.get('message', '')}"
                for c in cases
            ]
        return out


def compare_runs(
    before: dict[str, list[dict[str, Any]]], now: dict[str, list[dict[str, Any]]]
) -> list[FileChange]:
    """What changed, file by file, for the files of `now` (a file new in `now` counts every
    case as unmatched)."""
    changes = []
    for file, cases in now.items():
        earlier = {c["key"]: c for c in before.get(file, [])}
        current = {c["key"]: c for c in cases}
        shared = [key for key in current if key in earlier]
        changes.append(
            FileChange(
                file=file,
                before=sum(bool(earlier[k]["passed"]) for k in shared),
                now=sum(bool(current[k]["passed"]) for k in shared),
                total=len(shared),
                gained=tuple(
                    current[k] for k in shared if current[k]["passed"] and not earlier[k]["passed"]
                ),
                lost=tuple(
                    current[k] for k in shared if earlier[k]["passed"] and not current[k]["passed"]
                ),
                unmatched=len(set(current) ^ set(earlier)),
            )
        )
    return changes
