"""`iop-faq check`: every data file and the index, validated without answering anything."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.bot_data import BotData
from knowledge.build import (
    KnowledgeConfig,
    checked_misspellings,
    english_words,
    load_passages,
    make_analyzer,
    rare_words,
    spelling_rules,
)
from knowledge.crisis_model import CRISIS_DIR, example_files, load_examples, load_negations
from knowledge.errors import KnowledgeError
from knowledge.index import KnowledgeIndex
from knowledge.matcher import (
    OUT_OF_SCOPE_FILE,
    PHRASINGS_FILE,
    load_out_of_scope,
    load_phrasings,
    out_of_scope_conflicts,
)
from knowledge.smalltalk_model import NOT_SMALLTALK, SMALLTALK_FILE, load_smalltalk_examples


@dataclass
class CheckReport:
    """What was checked (`passed`) and what is wrong (`faults`, one line each)."""

    passed: list[str] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.faults

    def lines(self) -> list[str]:
        return [f"ok     {line}" for line in self.passed] + [f"FAULT  {f}" for f in self.faults]


def check_all(
    knowledge: KnowledgeConfig,
    bot_data_dir: Path,
    open_index: Callable[[], KnowledgeIndex],
) -> CheckReport:
    """Load the knowledge data files, the bot data files and the index, reporting each fault."""
    report = CheckReport()
    try:
        passages = load_passages(knowledge)
        make_analyzer(knowledge)
        words = english_words(knowledge)
        rare = rare_words(knowledge)
        report.passed.append(
            f"knowledge data in {knowledge.data_dir} ({len(passages)} passages from "
            f"{knowledge.sources_dir}, {len(words)} English words, {len(rare)} rare ones)"
        )
        out_of_scope = load_out_of_scope(knowledge.data_dir / OUT_OF_SCOPE_FILE)
        conflicts = out_of_scope_conflicts(
            passages, load_phrasings(knowledge.data_dir / PHRASINGS_FILE), out_of_scope
        )
        report.faults += conflicts
        if not conflicts:
            report.passed.append(f"{len(out_of_scope)} questions out of scope, none also asked")
        misspellings = checked_misspellings(knowledge, words)
        report.passed.append(f"{len(misspellings)} misspellings, none an English word of the lists")
        rules = spelling_rules(knowledge)
        report.passed.append(f"{len(rules)} spelling rules, each example spelled as written")
    except KnowledgeError as exc:
        report.faults.append(str(exc))
    crisis_dir = knowledge.data_dir / CRISIS_DIR
    try:
        examples = load_examples(crisis_dir)
        negations = load_negations(crisis_dir)
        report.passed.append(
            f"crisis examples in {crisis_dir} ({len(examples)} messages, "
            f"{len(example_files(crisis_dir))} files, {len(negations)} negation words)"
        )
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        report.faults.append(str(exc))
    data: BotData | None = None
    try:
        data = BotData.load(bot_data_dir)
        report.passed.append(
            f"bot data in {bot_data_dir} ({len(BotData.files(bot_data_dir))} files, "
            f"{len(data.declines)} kinds of decline)"
        )
    except KnowledgeError as exc:
        report.faults.append(str(exc))
    _check_smalltalk_examples(knowledge, data, report)
    try:
        index = open_index()
        report.passed.append(f"index ({len(index.passages)} passages, up to date)")
        stale = index.metadata.get("stale_curation") or []
        if stale:
            report.faults.append(
                f"curated.toml names passages the sources no longer produce: {', '.join(stale)}; "
                "update or remove those entries (see `iop-faq passages`)"
            )
    except KnowledgeError as exc:
        report.faults.append(str(exc))
    return report


def _check_smalltalk_examples(
    knowledge: KnowledgeConfig, data: BotData | None, report: CheckReport
) -> None:
    """The small-talk classifier's examples: well formed, and each kind one of smalltalk.toml
    (when the bot data loaded)."""
    path = knowledge.data_dir / SMALLTALK_FILE
    try:
        examples = load_smalltalk_examples(path)
    except (OSError, UnicodeDecodeError, KnowledgeError) as exc:
        report.faults.append(str(exc))
        return
    kinds = Counter(kind for _, kind in examples)
    if data is not None:
        known = {kind.name for kind in data.smalltalk.kinds} | {NOT_SMALLTALK}
        unknown = sorted(set(kinds) - known)
        if unknown:
            report.faults.append(
                f"{path}: kind(s) {', '.join(unknown)} are not kinds of smalltalk.toml; rename "
                f"them to one of {', '.join(sorted(known))}"
            )
            return
    report.passed.append(
        f"small-talk examples in {path} ({len(examples)} messages, "
        f"{len(kinds) - (NOT_SMALLTALK in kinds)} kinds and {kinds[NOT_SMALLTALK]} not small talk)"
    )
