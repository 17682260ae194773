"""Cross-validated figures of crisis detection: how many emergencies it catches, how many
look-alikes it alarms on, for the learned layer alone and with the rules in front of it, and the
sweep of thresholds that `crisis.toml [model]` is chosen from."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.crisis import RULE_KINDS, CrisisDetector, CrisisLevel, CrisisSignal
from knowledge.build import KnowledgeConfig, load_passages, matcher_examples, ordinary_questions
from knowledge.classifier import FitResult
from knowledge.crisis_model import (
    CRISIS_DIR,
    DISTRESS,
    POSITIVE,
    TEMPERATURE,
    CrisisExample,
    DetectionFigures,
    figures,
    fit_crisis_model,
    load_examples,
    prepare,
)
from knowledge.matcher import TrainingSet
from knowledge.passages import Passage

WEAKEST_SHOWN = 12  # categories `CrisisFigures.table` lists
CRISIS_GRID = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
VETO_GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.01)  # 1.01: rule never stands
# Examples that are plainly not about distress: a check-in there is a needless alarm.
ORDINARY_CATEGORIES = frozenset(
    {"informational", "ordinary_questions", "program", "availability", "followups"}
)


@dataclass(frozen=True)
class Setting:
    """One choice of thresholds and its out-of-fold figures."""

    crisis: float
    veto: dict[str, float]
    figures: DetectionFigures

    def line(self) -> str:
        veto = ", ".join(f"{k} {v:.2f}" if v <= 1 else f"{k} off" for k, v in self.veto.items())
        return f"crisis {self.crisis:.2f}, veto {veto}: {self.figures.line()}"


@dataclass(frozen=True)
class Share:
    """How many of some messages get a reply of some kind."""

    count: int
    total: int

    @property
    def rate(self) -> float:
        return self.count / self.total if self.total else 0.0

    def line(self) -> str:
        return f"{self.rate:.1%} ({self.count}/{self.total})"


@dataclass(frozen=True)
class CategoryFigures:
    """One category's emergencies (how many are caught) or others (how many raise the alarm)."""

    category: str
    emergencies: bool
    share: Share

    @property
    def right(self) -> float:
        """The share handled right: caught for emergencies, left alone for the others."""
        return self.share.rate if self.emergencies else 1.0 - self.share.rate

    def line(self) -> str:
        what = "emergencies caught" if self.emergencies else "others alarmed"
        return f"{self.category:<28} {what:<18} {self.share.line()}"


def by_category(
    categories: Sequence[str], truth: Sequence[bool], alarmed: Sequence[bool]
) -> tuple[CategoryFigures, ...]:
    """Per category and kind (emergency or not): how many raised the alarm, the categories
    handled worst first (the fewest emergencies caught, the most others alarmed)."""
    counts: dict[tuple[str, bool], list[int]] = {}
    for category, emergency, alarm in zip(categories, truth, alarmed, strict=True):
        tally = counts.setdefault((category, bool(emergency)), [0, 0])
        tally[0] += bool(alarm)
        tally[1] += 1
    rows = [
        CategoryFigures(category, emergency, Share(alarms, total))
        for (category, emergency), (alarms, total) in counts.items()
    ]
    return tuple(sorted(rows, key=lambda r: (r.right, r.category, r.emergencies)))


@dataclass(frozen=True)
class CrisisFigures:
    """Out-of-fold figures on the training examples (`distress` counts as not an emergency)."""

    examples: int
    model: DetectionFigures
    combined: DetectionFigures
    rules: DetectionFigures
    sweep: tuple[tuple[DetectionFigures, Setting], ...]  # per crisis threshold: model, best
    check_in_ordinary: Share
    check_in_distress: Share
    # Emergencies with no signal at all: no alarm, check-in or resources line (unless the
    # reply falls back). What the safety net (`crisis.toml [model] safety_net`) leaves.
    unsignalled: Share | None = None
    visitors_alarmed: Share | None = None  # visitors' phrasings, held out by passage
    temperature: float | None = None  # the softmax temperature cross-validation finds
    categories: tuple[CategoryFigures, ...] = ()  # per example file's category, weakest first

    def table(self) -> str:
        lines = [
            f"rules alone        {self.rules.line()}",
            f"classifier alone   {self.model.line()}",
            f"rules + classifier {self.combined.line()}",
            f"check-in on ordinary questions {self.check_in_ordinary.line()}, "
            f"on distress {self.check_in_distress.line()}",
        ]
        if self.unsignalled is not None:
            lines.append(f"emergencies shown no help line at all {self.unsignalled.line()}")
        if self.visitors_alarmed is not None:
            lines.append(
                "alarms on visitors' program questions, held out by passage "
                f"{self.visitors_alarmed.line()}"
            )
        if self.temperature is not None:
            lines.append(
                f"calibration: temperature {self.temperature:.2f} "
                f"(the shipped model uses {TEMPERATURE:.2f}: keep them close)"
            )
        if self.categories:
            shown = self.categories[:WEAKEST_SHOWN]
            lines.append(
                f"the {len(shown)} weakest of {len(self.categories)} categories (an example "
                "file's emergencies or others), rules + classifier:"
            )
            lines += [f"  {c.line()}" for c in shown]
        lines += [
            "threshold sweep (rules + classifier: the most caught with no more false alarms):",
        ]
        for (model, best), crisis in zip(self.sweep, CRISIS_GRID, strict=True):
            lines.append(f"  classifier alone at {crisis:.2f}: {model.line()}")
            lines.append(f"    rules + classifier, {best.line()}")
        return "\n".join(lines)


def sweep_thresholds(
    truth: np.ndarray,
    proba: np.ndarray,
    by_rules: Sequence[CrisisSignal | None],
    crisis_grid: Sequence[float] = CRISIS_GRID,
    veto_grid: Sequence[float] = VETO_GRID,
) -> list[tuple[DetectionFigures, Setting]]:
    """For each crisis threshold: the classifier alone, and the crisis threshold and per-kind
    vetoes of rules + classifier catching the most emergencies with no more false alarms than
    it. Each example matches at most one kind of rule, so the kinds' contributions add up and
    are tallied apart."""
    kinds = {
        kind: np.array(
            [r is not None and r.level is CrisisLevel.ACUTE and r.rule == kind for r in by_rules]
        )
        for kind in RULE_KINDS
    }
    candidates: list[Setting] = []
    for crisis in crisis_grid:
        alone = proba >= crisis
        model = figures(truth, alone)
        added = {  # per kind and veto: (emergencies, false alarms) the rules add
            kind: [
                (
                    int((m & ~alone & (proba >= v) & truth).sum()),
                    int((m & ~alone & (proba >= v) & ~truth).sum()),
                )
                for v in veto_grid
            ]
            for kind, m in kinds.items()
        }
        best: dict[int, tuple[int, tuple[int, ...]]] = {}  # false alarms -> most caught
        for choice in itertools.product(range(len(veto_grid)), repeat=len(RULE_KINDS)):
            pairs = [added[k][i] for k, i in zip(RULE_KINDS, choice, strict=True)]
            caught = sum(c for c, _ in pairs)
            alarms = sum(a for _, a in pairs)
            if alarms not in best or caught > best[alarms][0]:
                best[alarms] = (caught, choice)
        for alarms, (caught, choice) in best.items():
            combined = DetectionFigures(
                model.caught + caught,
                model.emergencies,
                model.false_alarms + alarms,
                model.others,
            )
            veto = {k: veto_grid[i] for k, i in zip(RULE_KINDS, choice, strict=True)}
            candidates.append(Setting(crisis, veto, combined))
    results = []
    for crisis in crisis_grid:
        model = figures(truth, proba >= crisis)
        fair = [c for c in candidates if c.figures.false_alarms <= model.false_alarms]
        chosen = max(fair, key=lambda c: (c.figures.caught, -c.figures.false_alarms, -c.crisis))
        results.append((model, chosen))
    return results


def cross_validate_crisis(config: KnowledgeConfig, detector: CrisisDetector) -> CrisisFigures:
    """Fit the classifier fold by fold and score every example with a model not trained on it,
    through the detector's own thresholds."""
    directory = config.data_dir / CRISIS_DIR
    examples = load_examples(directory)
    passages = load_passages(config)
    phrasings = matcher_examples(config, passages)
    fit = fit_crisis_model(
        directory, ordinary=ordinary_questions(passages, phrasings), cross_validate=True
    )
    truth, proba, by_rules, levels = out_of_fold_levels(fit, examples, detector)
    combined = [level is CrisisLevel.ACUTE for level in levels]
    rules = [r is not None and r.level is CrisisLevel.ACUTE for r in by_rules]

    def share(rows: list[int], wanted: set[CrisisLevel | None]) -> Share:
        return Share(sum(levels[i] in wanted for i in rows), len(rows))

    ordinary_rows = [
        i for i, e in enumerate(examples) if e.label == "none" and e.category in ORDINARY_CATEGORIES
    ]
    distress_rows = [i for i, e in enumerate(examples) if e.label == "distress"]
    return CrisisFigures(
        examples=len(examples),
        model=figures(truth, proba >= detector.thresholds.crisis),
        combined=figures(truth, np.array(combined)),
        rules=figures(truth, np.array(rules)),
        sweep=tuple(sweep_thresholds(truth, proba, by_rules)),
        check_in_ordinary=share(ordinary_rows, {CrisisLevel.CHECK_IN}),
        check_in_distress=share(distress_rows, {CrisisLevel.CHECK_IN, CrisisLevel.ACUTE}),
        unsignalled=share([i for i, t in enumerate(truth) if t], {None}),
        visitors_alarmed=visitors_alarmed(config, detector, passages, phrasings),
        temperature=fit.model.calibration[0],
        categories=by_category([e.category for e in examples], truth.tolist(), combined),
    )


def out_of_fold_levels(
    fit: FitResult, examples: Sequence[CrisisExample], detector: CrisisDetector
) -> tuple[np.ndarray, np.ndarray, list[CrisisSignal | None], list[CrisisLevel | None]]:
    """For the labelled examples of a cross-validated fit (the index's questions after them
    are easy negatives, left out): which are emergencies, their out-of-fold probability of one,
    the rules' signal, and the level the detector gives rules and classifier together."""
    classes = fit.model.classes
    proba = fit.oof_proba[: len(examples), classes.index(POSITIVE)]
    support = proba + fit.oof_proba[: len(examples), classes.index(DISTRESS)]
    truth = np.array([e.label == POSITIVE for e in examples])
    by_rules = [detector.detect_by_rules(prepare(e.text)) for e in examples]
    asks = [
        detector.may_veto(r) and detector.asks_about_care(detector.unmask(prepare(e.text)))
        for r, e in zip(by_rules, examples, strict=True)
    ]
    signals = [
        detector.combine(r, float(p), float(s), asks=a)
        for r, p, s, a in zip(by_rules, proba, support, asks, strict=True)
    ]
    return truth, proba, by_rules, [s.level if s is not None else None for s in signals]


def visitors_alarmed(
    config: KnowledgeConfig,
    detector: CrisisDetector,
    passages: list[Passage],
    phrasings: TrainingSet,
) -> Share:
    """How many of the visitors' program questions (the matcher's phrasings) raise the alarm
    when the classifier never saw them: the passages are split in two halves, and a model fitted
    with one half's phrasings reads the other half's, then the other way round."""
    asked = set(ordinary_questions(passages))
    ids = sorted(set(phrasings.labels))
    rows = list(zip(phrasings.texts, phrasings.labels, strict=True))
    alarms = total = 0
    for half in (set(ids[::2]), set(ids[1::2])):
        seen = [t for t, label in rows if label not in half]
        unseen = [t for t, label in rows if label in half and t not in asked]
        model = fit_crisis_model(
            config.data_dir / CRISIS_DIR, ordinary=sorted(asked.union(seen))
        ).model
        reader = detector.with_model(model)
        for text in unseen:
            signal = reader.detect(prepare(text))
            alarms += signal is not None and signal.level is CrisisLevel.ACUTE
        total += len(unseen)
    return Share(alarms, total)
