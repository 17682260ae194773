"""Cross-validated figures of crisis detection: how many emergencies it catches, how many
look-alikes it alarms on, for the learned layer alone and with the rules in front of it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.crisis import CrisisDetector, CrisisLevel
from knowledge.build import KnowledgeConfig, load_passages, ordinary_questions
from knowledge.crisis_model import (
    CRISIS_DIR,
    POSITIVE,
    DetectionFigures,
    figures,
    fit_crisis_model,
    load_examples,
    prepare,
)


@dataclass(frozen=True)
class CrisisFigures:
    """Out-of-fold figures on the training examples (`distress` counts as not an emergency)."""

    examples: int
    model: DetectionFigures
    combined: DetectionFigures
    rules: DetectionFigures

    def table(self) -> str:
        return "\n".join(
            [
                f"rules alone       {self.rules.line()}",
                f"classifier alone  {self.model.line()}",
                f"rules + classifier {self.combined.line()}",
            ]
        )


def cross_validate_crisis(config: KnowledgeConfig, detector: CrisisDetector) -> CrisisFigures:
    """Fit the classifier fold by fold and score every example with a model not trained on it,
    through the detector's own thresholds."""
    directory = config.data_dir / CRISIS_DIR
    examples = load_examples(directory)
    ordinary = ordinary_questions(load_passages(config))
    fit = fit_crisis_model(directory, ordinary=ordinary, cross_validate=True)
    # Figures over the labelled examples only (the index's questions are easy negatives).
    proba = fit.oof_proba[: len(examples), fit.model.classes.index(POSITIVE)]
    truth = np.array([e.label == POSITIVE for e in examples])
    texts = [prepare(e.text) for e in examples]
    by_rules = [detector.detect_by_rules(t) for t in texts]
    combined = [
        (s := detector.combine(r, float(p))) is not None and s.level is CrisisLevel.ACUTE
        for r, p in zip(by_rules, proba, strict=True)
    ]
    rules = [r is not None and r.level is CrisisLevel.ACUTE for r in by_rules]
    return CrisisFigures(
        examples=len(examples),
        model=figures(truth, proba >= detector.thresholds.crisis),
        combined=figures(truth, np.array(combined)),
        rules=figures(truth, np.array(rules)),
    )
