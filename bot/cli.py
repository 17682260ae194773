"""`iop-faq`: a thin command line over `Bot.reply`, the trainer and the evaluation."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bot.errors import InvalidContextError, InvalidMessageError
from bot.options import DEFAULT_FLOOR, index_option
from knowledge.errors import KnowledgeError
from knowledge.paths import default_index_path
from web.cli import serve

if TYPE_CHECKING:  # the commands import what they use, so `--help` starts fast
    from bot.core import Bot
    from bot.evaluation import EvalReport
    from bot.reply import Reply
    from bot.settings import BotSettings
    from knowledge.index import KnowledgeIndex
    from knowledge.matcher import TrainingSet
    from knowledge.paths import KnowledgeConfig

EXIT_WORDS = {"quit", "exit", "bye", ":q"}


def open_bot(index_path: Path | None) -> Bot:
    """The bot over the given index, or the default one (built on first use)."""
    from bot.core import Bot
    from knowledge.store import open_index
    from web.config import ConfigError, Settings

    try:
        settings = Settings.resolve()
        index = open_index(index_path, notify=lambda line: click.echo(line, err=True))
        return Bot(index, settings.bot)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    except KnowledgeError as exc:
        raise click.ClickException(str(exc)) from exc


def format_reply(reply: Reply) -> str:
    """A reply for people: the text, then numbered suggestions."""
    lines = [reply.answer]
    if reply.suggestions:
        lines.append("")
        lines.append("You could also ask:")
        lines.extend(f"  {i}. {s}" for i, s in enumerate(reply.suggestions, 1))
    return "\n".join(lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="iop-faq")
def main() -> None:
    """Answers questions about Intensive Outpatient Programs (IOP) in Massachusetts."""


@main.command()
@click.argument("message", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the reply object as JSON.")
@click.option("--jsonl", is_flag=True, help="Read JSON lines from stdin, write one reply per line.")
@click.option(
    "--explain",
    is_flag=True,
    help="Also print why: the handler, the decision and the passages weighed, with scores.",
)
@click.option(
    "--after",
    "earlier",
    multiple=True,
    metavar="MESSAGE",
    help="An earlier message of the same conversation (repeatable, in order): MESSAGE is "
    "answered, and explained, as its follow-up.",
)
@index_option
def ask(
    message: str | None,
    as_json: bool,
    jsonl: bool,
    explain: bool,
    earlier: tuple[str, ...],
    index_path: Path | None,
) -> None:
    """Answer MESSAGE (or, with --jsonl, every line of stdin).

    --jsonl lines are {"message": str, "conversation": str (optional)}; lines sharing a
    conversation value form one conversation, in order.
    """
    if jsonl == (message is not None):
        raise click.UsageError("give either a MESSAGE or --jsonl (reading stdin), not both")
    if jsonl and earlier:
        raise click.UsageError("--after goes with a MESSAGE; with --jsonl, give conversations")
    bot = open_bot(index_path)
    if message is None:
        sys.exit(_ask_jsonl(bot, sys.stdin, sys.stdout))
    context = None
    for before in earlier:
        try:
            context = bot.reply(before, context).context
        except InvalidMessageError as exc:
            raise click.ClickException(f"--after {before!r}: {exc}") from exc
    try:
        reply = bot.reply(message, context)
        reasons = bot.explain(message, context) if explain else []
    except InvalidMessageError as exc:
        raise click.ClickException(str(exc)) from exc
    if reasons and context is not None:
        topic = context.get("topic") or "none"
        terms = ", ".join(context.get("terms", [])) or "none"
        reasons.insert(0, f"conversation: topic {topic}; terms {terms}")
    click.echo(json.dumps(reply.to_dict(), ensure_ascii=False) if as_json else format_reply(reply))
    if reasons:
        click.echo("\n" + "\n".join(reasons), err=as_json)


def _ask_jsonl(bot: Bot, lines, out) -> int:
    """Answer JSON lines; a bad line gets an error object and the rest still run."""
    contexts: dict[str, dict[str, Any]] = {}
    status = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError("each line must be a JSON object")
            conversation = request.get("conversation")
            if conversation is not None and not isinstance(conversation, str):
                raise ValueError("conversation must be a string")
            reply = bot.reply(request.get("message"), contexts.get(conversation or ""))
        except (ValueError, InvalidMessageError, InvalidContextError) as exc:
            out.write(json.dumps({"error": f"line {number}: {exc}"}) + "\n")
            status = 1
            continue
        if conversation:
            contexts[conversation] = reply.context
        out.write(json.dumps(reply.to_dict(), ensure_ascii=False) + "\n")
        out.flush()
    return status


@main.command()
@index_option
def chat(index_path: Path | None) -> None:
    """An interactive conversation (type a suggestion's number to ask it; `quit` to leave)."""
    bot = open_bot(index_path)
    context: dict[str, Any] | None = None
    suggestions: list[str] = []
    click.echo("Ask about Intensive Outpatient Programs. Type `quit` to leave.")
    while True:
        try:
            message = input("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if not message:
            continue
        if message.lower() in EXIT_WORDS:
            return
        if message.isdigit() and 1 <= int(message) <= len(suggestions):
            message = suggestions[int(message) - 1]
            click.echo(f"you> {message}")
        try:
            reply = bot.reply(message, context)
        except InvalidMessageError as exc:
            click.echo(f"error: {exc}", err=True)
            continue
        context, suggestions = reply.context, reply.suggestions
        click.echo("\n" + format_reply(reply))


@main.command("eval")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--failures/--no-failures", default=True, help="List the failing cases.")
@click.option(
    "--cv",
    is_flag=True,
    help="Also report the matcher's and the whole decision's cross-validated figures.",
)
@click.option(
    "--save",
    "save_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also save each case's outcome to this file, to compare a later run against.",
)
@click.option(
    "--against",
    "against_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Print, per file, what changed since a run saved with --save: passes before and "
    "now, and each case gained or lost (held-out files: the counts alone).",
)
@index_option
def eval_command(
    files: tuple[Path, ...],
    as_json: bool,
    failures: bool,
    cv: bool,
    save_path: Path | None,
    against_path: Path | None,
    index_path: Path | None,
) -> None:
    """Score FILES (JSON lines of visitor messages) and print pass rates per kind; without
    FILES, the dev set (when present), the project's test sets and the held-out set.

    The failing cases of a held-out file (in a `heldout` directory) are counted, never listed:
    those sets are run, never read."""
    from bot.eval_runs import compare_runs, load_run, run_record, save_run
    from bot.evaluation import evaluate, load_cases
    from knowledge.build import KnowledgeConfig, matcher_examples

    files = files or tuple(_default_eval_files())
    if not files:
        raise click.UsageError("no evaluation files given and none found")
    try:
        before = load_run(against_path) if against_path is not None else None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    bot = open_bot(index_path)
    reports = {}
    for file in files:
        try:
            reports[str(file)] = evaluate(bot, load_cases(file))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    record = run_record(reports)
    if save_path is not None:
        save_run(record, save_path)
    if before is not None:
        for change in compare_runs(before, record["files"]):
            click.echo("\n".join(change.lines()))
    elif as_json:
        shown = {name: _shown_report(name, report.to_dict()) for name, report in reports.items()}
        click.echo(json.dumps(next(iter(shown.values())) if len(files) == 1 else shown, indent=2))
        return
    else:
        _print_reports(reports, failures)
    if cv:
        metadata = bot.index.metadata
        config = KnowledgeConfig(
            sources_dir=Path(metadata.get("sources_dir") or KnowledgeConfig.default().sources_dir),
            data_dir=Path(metadata.get("data_dir") or KnowledgeConfig.default().data_dir),
        )
        examples = matcher_examples(config, bot.index.passages)
        click.echo("\n" + _matcher_cv_lines(examples, bot.index, bot.settings))
        click.echo(_smalltalk_cv_line(config, examples, bot.settings))


@main.command("train")
@click.option(
    "--sources",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory of .txt/.md articles (default: the shipped corpus).",
)
@click.option("--force", is_flag=True, help="Replace the live index even below the floor.")
@click.option(
    "--floor",
    type=click.FloatRange(0, 1),
    default=DEFAULT_FLOOR,
    show_default=True,
    help="Minimum golden-set pass rate for the new index to go live.",
)
@click.option(
    "--eval",
    "eval_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also score this evaluation file (repeatable).",
)
@click.option(
    "--cv/--no-cv",
    default=True,
    show_default=True,
    help="Also report the matcher's and the whole decision's cross-validated figures "
    "(about a minute).",
)
@click.option(
    "--crisis-cv/--no-crisis-cv",
    default=True,
    show_default=True,
    help="Print the crisis classifier's cross-validated recall and false alarms.",
)
@index_option
def train_command(
    sources: Path | None,
    force: bool,
    floor: float,
    eval_files: tuple[Path, ...],
    cv: bool,
    crisis_cv: bool,
    index_path: Path | None,
) -> None:
    """Rebuild the index from the sources and swap it in atomically."""
    from bot.training import BelowFloorError, train
    from knowledge.build import KnowledgeConfig, matcher_examples

    path = index_path or default_index_path()
    files = list(eval_files) or _default_eval_files(shipped_corpus=sources is None)
    config = KnowledgeConfig.default(sources)
    try:
        result = train(
            config,
            path,
            floor=floor,
            force=force,
            eval_files=files,
            progress=lambda line: click.echo(line, err=True),
            crisis_cv=crisis_cv,
        )
    except (KnowledgeError, BelowFloorError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    index = result.index
    click.echo(f"documents:   {index.metadata['documents']}")
    click.echo(f"passages:    {len(index.passages)}")
    click.echo(f"vocabulary:  {index.vocabulary_size:,}")
    click.echo(f"build time:  {index.metadata['build_seconds']:.2f} s")
    click.echo(f"index:       {path}")
    click.echo(f"\ngolden set ({result.golden.overall:.0%} passed, floor {floor:.0%}):")
    click.echo(result.golden.table())
    if result.crisis is not None:
        click.echo(f"\ncrisis detection, cross-validated ({result.crisis.examples} examples):")
        click.echo(result.crisis.table())
    for name, report in result.reports.items():
        click.echo(f"\n{name}:")
        click.echo(report.table())
    examples = matcher_examples(config, index.passages)
    thin = _thin_passages_line(examples, index)
    if thin:
        click.echo(f"\n{thin}", err=True)
    if cv:
        click.echo("\n" + _matcher_cv_lines(examples, index))
        click.echo(_smalltalk_cv_line(config, examples))


MIN_PHRASINGS = 20  # examples per passage below which the matcher barely knows a passage


def _thin_passages_line(examples: TrainingSet, index: KnowledgeIndex) -> str:
    """A warning naming the passages with few phrasings to learn from (say, a new article's)."""
    counts = examples.counts()
    thin = [p.id for p in index.passages if counts.get(p.id, 0) < MIN_PHRASINGS]
    if not thin:
        return ""
    shown = ", ".join(thin[:5]) + (f" and {len(thin) - 5} more" if len(thin) > 5 else "")
    return (
        f"warning: {len(thin)} passage(s) have fewer than {MIN_PHRASINGS} phrasings for the "
        f"matcher to learn from ({shown}); add the ways visitors ask for them to "
        "knowledge/data/phrasings.toml (`iop-faq passages` lists the ids)"
    )


def _matcher_cv_lines(
    examples: TrainingSet, index: KnowledgeIndex, settings: BotSettings | None = None
) -> str:
    """The matcher's 5-fold cross-validated accuracy on its training phrasings, and what the
    whole decision makes of phrasings its matcher never saw."""
    from bot.decision_figures import cross_validate_decision
    from knowledge.matcher import cross_validate

    if len(set(examples.labels)) < 2:
        return "matcher: not fitted (fewer than two passages)"
    result = cross_validate(examples)
    return (
        f"matcher: {result.samples} phrasings of {result.passages} passages, cross-validated "
        f"accuracy {result.accuracy:.1%} (top 3: {result.top3:.1%}), "
        + (
            f"{result.out_of_scope_recognised:.1%} of {result.out_of_scope} questions out of "
            "scope recognised as such, "
            if result.out_of_scope
            else ""
        )
        + f"temperature {result.temperature:.2f}\n"
        + cross_validate_decision(index, examples, settings).line()
    )


def _smalltalk_cv_line(
    config: KnowledgeConfig, examples: TrainingSet, settings: BotSettings | None = None
) -> str:
    """The small-talk classifier's 5-fold cross-validated figures on its examples."""
    from bot.settings import BotSettings
    from knowledge.build import smalltalk_examples
    from knowledge.smalltalk_model import cross_validate_smalltalk

    texts, kinds = smalltalk_examples(config, examples)
    if len(set(kinds)) < 2:
        return "small talk: no classifier (knowledge/data/smalltalk.jsonl has too few kinds)"
    probability = (settings or BotSettings()).smalltalk_probability
    return cross_validate_smalltalk(texts, kinds, probability).line(probability)


def _print_reports(reports: dict[str, EvalReport], failures: bool) -> None:
    """Each file's failing cases (a held-out file's only counted) and table of pass rates."""
    from bot.eval_runs import is_held_out

    for name, report in reports.items():
        if len(reports) > 1:
            click.echo(f"{name}:")
        if failures:
            failed = [r for r in report.results if not r.passed]
            if is_held_out(name):
                click.echo(f"{len(failed)} failing cases, not listed: a held-out set is never read")
            else:
                for r in failed:
                    click.echo(f"FAIL {r.id:<12} {r.kind:<9} {r.reason:<32} {r.message}")
            click.echo()
        click.echo(report.table())
        if len(reports) > 1:
            click.echo()


def _shown_report(file: str, report: dict[str, Any]) -> dict[str, Any]:
    """A report as `--json` prints it: a held-out file's failures counted, not listed."""
    from bot.eval_runs import is_held_out

    if not is_held_out(file):
        return report
    return {**report, "failures": [], "failures_not_listed": len(report["failures"])}


def _default_eval_files(shipped_corpus: bool = True) -> list[Path]:
    """The public dev set (when it sits beside the project, as in the development checkout),
    then, for the shipped corpus, the project's sets of visitor messages (to tune on, untouched,
    their misspelt and wrapped copies, declines and the held-out set), then the crisis sets
    (their own, fresh, short messages and held-out); those present, in that order."""
    from bot.evaluation import dev_set_path

    data = Path(__file__).resolve().parents[1] / "tests" / "data"
    names: list[str] = []
    if shipped_corpus:
        names += [
            "answers_tuning.jsonl",
            "answers_tuning_typos.jsonl",
            "answers_tuning_wrapped.jsonl",
            "answers_tuning_wrapped2.jsonl",
            "answers_sentences.jsonl",
            "followups_tuning.jsonl",
            "out_of_scope_tuning.jsonl",
            "answers_selftest.jsonl",
            "answers_unseen.jsonl",
            "answers_unseen_typos.jsonl",
            "answers_unseen_wrapped.jsonl",
            "answers_fresh.jsonl",
            "answers_dated.jsonl",
            "answers_with_background.jsonl",
            "followups_fresh.jsonl",
            "followups_fresh2.jsonl",
            "answers_fresh3.jsonl",
            "answers_fresh4.jsonl",
            "named_therapies.jsonl",
            "careers.jsonl",
            "payment_specifics.jsonl",
            "history_questions.jsonl",
            "out_of_scope_unseen.jsonl",
            "out_of_scope_near.jsonl",
            "everyday_messages.jsonl",
            "declines_fresh.jsonl",
            "medical_questions.jsonl",
            "symptoms_fresh.jsonl",
            "symptoms_fresh2.jsonl",
            "symptoms_fresh3.jsonl",
            "heldout/answers.jsonl",
        ]
    names += [
        "crisis_selftest.jsonl",
        "crisis_unseen.jsonl",
        "crisis_fresh.jsonl",
        "crisis_clauses.jsonl",
        "crisis_embedded2.jsonl",
        "crisis_program_words.jsonl",
        "crisis_everyday2.jsonl",
        "crisis_short.jsonl",
        "crisis_short_chat.jsonl",
        "crisis_others.jsonl",
        "crisis_use_disclosures.jsonl",
        "crisis_fears.jsonl",
        "crisis_subject_questions.jsonl",
        "crisis_continuations.jsonl",
        "heldout/crisis.jsonl",
    ]
    candidates = [dev_set_path(), *(data / name for name in names)]
    return [c for c in candidates if c.is_file()]


@main.command("crisis-candidates")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--seed",
    "seeds",
    multiple=True,
    type=click.IntRange(min=0),
    help="A shuffle of the folds (repeatable; default: 0 and 1).",
)
@click.option(
    "--measure",
    "measures",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also read this evaluation file (its crisis and lookalike messages, written apart "
    "from the examples) without and with the candidates (repeatable; not part of the verdict).",
)
def crisis_candidates(
    files: tuple[Path, ...], seeds: tuple[int, ...], measures: tuple[Path, ...]
) -> None:
    """Would these crisis example files (JSON lines, as in knowledge/data/crisis/) help?
    Cross-validates the shipped examples without and with them in every training fold, on
    each shuffle of the folds (several minutes per shuffle), and says whether they catch more
    emergencies and raise fewer false alarms on every one. With --measure, also shows what
    they change on a labelled file written apart for the kind of message they are about."""
    from bot.bot_data import BotData
    from bot.crisis_candidates import DEFAULT_SEEDS, compare_candidates
    from bot.settings import bot_data_dir
    from knowledge.build import KnowledgeConfig

    try:
        detector = BotData.load(bot_data_dir()).crisis
        report = compare_candidates(
            KnowledgeConfig.default(),
            detector,
            files,
            seeds or DEFAULT_SEEDS,
            progress=lambda line: click.echo(line, err=True),
            measures=measures,
        )
    except (KnowledgeError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(report.table())


@main.command()
@index_option
def check(index_path: Path | None) -> None:
    """Validate every data file and the index; print one line per fault (exit status 1)."""
    from bot.checking import check_all
    from bot.settings import bot_data_dir
    from knowledge.build import KnowledgeConfig
    from knowledge.store import open_index

    report = check_all(
        KnowledgeConfig.default(),
        bot_data_dir(),
        lambda: open_index(index_path, notify=lambda line: click.echo(line, err=True)),
    )
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        sys.exit(1)


@main.command()
@click.option(
    "--sources",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory of articles (default: the shipped corpus).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the passages as JSON lines.")
def passages(sources: Path | None, as_json: bool) -> None:
    """Print the passages the sources split into, for review."""
    from knowledge.build import KnowledgeConfig, load_passages

    try:
        items = load_passages(KnowledgeConfig.default(sources))
    except KnowledgeError as exc:
        raise click.ClickException(str(exc)) from exc
    for p in items:
        if as_json:
            click.echo(
                json.dumps(
                    vars(p) | {"alternatives": list(p.alternatives), "related": list(p.related)},
                    ensure_ascii=False,
                )
            )
            continue
        click.echo(f"[{p.id}]  ({p.file} / {p.heading})")
        click.echo(f"Q: {p.question}")
        for alt in (*p.alternatives, *p.related):
            click.echo(f"   also: {alt}")
        click.echo(f"A: {p.answer}\n")
    click.echo(f"{len(items)} passages", err=True)


main.add_command(serve)


if __name__ == "__main__":
    main()
