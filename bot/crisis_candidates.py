"""Whether new crisis examples would help: the shipped examples scored out of fold, by a
model fitted without and then with the candidates in every training fold, on two or more
shuffles of the folds. A candidate file ships only if it catches more emergencies and raises
fewer false alarms on every shuffle: one shuffle alone moves the figures by tens of examples.
A file already shipped is judged the same way, against the shipped examples without it.

Out of fold, new examples of a kind the shipped examples hardly hold can show what they cost
but not what they save. A labelled file written apart for that kind (the evaluation format's
crisis and lookalike messages) can be read too, by the classifier fitted on every shipped
example without and with the candidates: a figure beside the verdict, never part of it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.crisis import CrisisDetector, CrisisLevel
from bot.crisis_figures import out_of_fold_levels
from bot.data_files import normalize_message
from bot.evaluation import load_cases
from knowledge.build import KnowledgeConfig, load_passages, matcher_examples, ordinary_questions
from knowledge.crisis_model import (
    CRISIS_DIR,
    CrisisExample,
    DetectionFigures,
    figures,
    fit_crisis_model,
    load_examples,
    prepare,
    read_examples,
)

DEFAULT_SEEDS = (0, 1)


@dataclass(frozen=True)
class CandidateRun:
    """One shuffle of the folds: the shipped examples' figures without and with candidates."""

    seed: int
    shipped: DetectionFigures
    with_candidates: DetectionFigures

    @property
    def caught(self) -> int:
        """Emergencies caught with the candidates, less those caught without."""
        return self.with_candidates.caught - self.shipped.caught

    @property
    def false_alarms(self) -> int:
        return self.with_candidates.false_alarms - self.shipped.false_alarms

    @property
    def helps(self) -> bool:
        return self.caught > 0 and self.false_alarms < 0

    def line(self) -> str:
        return (
            f"seed {self.seed}: without {self.shipped.line()}\n"
            f"        with    {self.with_candidates.line()}\n"
            f"        caught {self.caught:+d}, false alarms {self.false_alarms:+d}"
            f" -> {'helps' if self.helps else 'does not help'}"
        )


@dataclass(frozen=True)
class MeasureRun:
    """A labelled file written apart from the examples, read without and with the candidates
    in the classifier's fit (not part of the verdict)."""

    name: str
    shipped: DetectionFigures
    with_candidates: DetectionFigures

    def line(self) -> str:
        caught = self.with_candidates.caught - self.shipped.caught
        alarms = self.with_candidates.false_alarms - self.shipped.false_alarms
        return (
            f"{self.name}: without {self.shipped.line()}\n"
            f"        with    {self.with_candidates.line()}\n"
            f"        caught {caught:+d}, false alarms {alarms:+d}"
        )


@dataclass(frozen=True)
class CandidateReport:
    """The candidates read, those left out, and one run per shuffle of the folds."""

    candidates: int
    copies_left_out: int  # candidates that repeat a shipped example (as the classifier reads it)
    runs: tuple[CandidateRun, ...]
    rejudged: tuple[str, ...] = ()  # shipped files judged against the examples without them
    measures: tuple[MeasureRun, ...] = ()  # files written apart, read whole (not the verdict)

    @property
    def helps(self) -> bool:
        return bool(self.runs) and all(run.helps for run in self.runs)

    def table(self) -> str:
        lines = [
            f"{self.candidates} candidate examples"
            + (
                f" ({self.copies_left_out} repeating a shipped example left out)"
                if self.copies_left_out
                else ""
            )
            + ", in every training fold, never scored; rules + classifier on the "
            "shipped examples, out of fold:"
        ]
        if self.rejudged:
            lines.append(
                f"(shipped files judged against the examples without them: "
                f"{', '.join(self.rejudged)})"
            )
        lines += [run.line() for run in self.runs]
        if self.measures:
            lines.append(
                "files written apart, read by the classifier fitted on every shipped example "
                "(the first shuffle's calibration; not part of the verdict):"
            )
            lines += [measure.line() for measure in self.measures]
        verdict = "ship them" if self.helps else "do not ship them"
        lines.append(
            f"verdict: {verdict} (more caught and fewer false alarms on every shuffle: "
            f"{'yes' if self.helps else 'no'})"
        )
        return "\n".join(lines)


def new_candidates(
    candidates: Sequence[CrisisExample], shipped: Sequence[CrisisExample]
) -> list[CrisisExample]:
    """The candidates that repeat no shipped example as the classifier reads it: a copy
    trained on while its original is held out would flatter the figures."""
    known = {prepare(e.text) for e in shipped}
    return [c for c in candidates if prepare(c.text) not in known]


def compare_candidates(
    config: KnowledgeConfig,
    detector: CrisisDetector,
    files: Sequence[Path],
    seeds: Sequence[int] = DEFAULT_SEEDS,
    progress: Callable[[str], None] | None = None,
    measures: Sequence[Path] = (),
) -> CandidateReport:
    """Cross-validate the shipped crisis examples without and with the examples of `files`
    in the training folds, once per seed, through the detector's rules and thresholds (two
    fits per seed: several minutes each on the shipped examples). A file of the shipped
    examples' own directory is judged against the others: the shipped examples without it.
    Each of `measures` (evaluation files) is read by the first seed's two final fits."""
    measured = [(path, measure_messages(path)) for path in measures]
    shipped_dir = config.data_dir / CRISIS_DIR
    inside = {f.resolve() for f in files if f.resolve().parent == shipped_dir.resolve()}
    with tempfile.TemporaryDirectory() as scratch:
        directory = shipped_dir
        if inside:  # a shipped file: the others, and the negation words, in a copy without it
            directory = Path(scratch) / CRISIS_DIR
            shutil.copytree(
                shipped_dir,
                directory,
                ignore=lambda folder, names: [
                    n for n in names if (Path(folder) / n).resolve() in inside
                ],
            )
        shipped = load_examples(directory)
        read = read_examples(list(files))
        candidates = new_candidates(read, shipped)
        passages = load_passages(config)
        ordinary = ordinary_questions(passages, matcher_examples(config, passages))
        runs = []
        readings: dict[Path, list[DetectionFigures]] = {path: [] for path, _ in measured}
        for seed in seeds:
            found = []
            for extra in ((), candidates):
                if progress is not None:
                    what = "with" if extra else "without"
                    progress(f"seed {seed}: cross-validating {what} the candidates")
                fit = fit_crisis_model(
                    directory, ordinary=ordinary, cross_validate=True, seed=seed, candidates=extra
                )
                truth, _, _, levels = out_of_fold_levels(fit, shipped, detector)
                alarmed = np.array([level is CrisisLevel.ACUTE for level in levels])
                found.append(figures(truth, alarmed))
                if seed == seeds[0]:
                    reader = detector.with_model(fit.model)
                    for path, messages in measured:
                        readings[path].append(alarms(reader, messages))
            runs.append(CandidateRun(seed, found[0], found[1]))
    rejudged = tuple(sorted(path.name for path in inside))
    read_apart = tuple(MeasureRun(path.name, *readings[path]) for path, _ in measured)
    return CandidateReport(
        len(read), len(read) - len(candidates), tuple(runs), rejudged, read_apart
    )


def measure_messages(path: Path) -> list[tuple[str, bool]]:
    """An evaluation file's crisis and lookalike messages, each with whether it is an
    emergency (a ValueError naming the file when it has none, or a malformed line)."""
    messages = [
        (case["q"], case["kind"] == "crisis")
        for case in load_cases(path)
        if case["kind"] in ("crisis", "lookalike") and not case.get("context")
    ]
    if not messages:
        raise ValueError(f"{path}: no crisis or lookalike messages to measure with")
    return messages


def alarms(detector: CrisisDetector, messages: Sequence[tuple[str, bool]]) -> DetectionFigures:
    """The detector's alarms on first messages: emergencies caught and look-alikes alarmed."""
    truth = np.array([emergency for _, emergency in messages])
    alarmed = np.array(
        [
            (signal := detector.detect(normalize_message(text))) is not None
            and signal.level is CrisisLevel.ACUTE
            for text, _ in messages
        ]
    )
    return figures(truth, alarmed)
