"""Every file of `bot/data/`, loaded into typed objects and cross-checked before the bot runs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.choices import CHOICES_FILE, Choices
from bot.crisis import CrisisDetector
from bot.data_files import (
    MinorAges,
    load_background,
    load_minor_ages,
    load_words,
    normalize_message,
    reading,
)
from bot.declines import DeclineRule, load_declines
from bot.errors import BotDataError
from bot.extraction_cues import EXTRACTION_FILE, ExtractionCues
from bot.followups import FollowupCues
from bot.languages import LANGUAGES_FILE, Languages
from bot.messages import Messages
from bot.patterns import ScreenedPattern
from bot.resources import ResourceBook
from bot.smalltalk import SmallTalk
from bot.whole_messages import MORE_FILE, WholeMessages, load_more


@dataclass(frozen=True)
class BotData:
    """The bot's wording, patterns and help lines; `load` raises `BotDataError` on any fault."""

    messages: Messages
    crisis: CrisisDetector
    resources: ResourceBook
    smalltalk: SmallTalk
    declines: tuple[DeclineRule, ...]
    background: tuple[ScreenedPattern, ...]
    minor_ages: MinorAges  # "a 16 year old", read as "teenager" in the lookup
    general_words: tuple[str, ...]
    followups: FollowupCues
    extraction: ExtractionCues
    choices: Choices
    asks_more: WholeMessages  # "tell me more", "go on"
    languages: Languages  # messages in another language than English

    @classmethod
    def load(cls, data_dir: Path) -> BotData:
        crisis_file = data_dir / "crisis.toml"
        with reading(crisis_file):
            crisis = CrisisDetector(crisis_file)
        resources = ResourceBook.from_file(data_dir / "resources.toml")
        messages = Messages.from_file(data_dir / "messages.toml")
        with reading(crisis_file):
            for category in crisis.categories:
                resources.require(category.resources, f"category {category.name!r}")
                if category.intro not in messages:
                    raise BotDataError(
                        f"category {category.name!r}: intro {category.intro!r} is not a key of "
                        "messages.toml; name one (crisis_intro, crisis_intro_other, ...)"
                    )
        asks_more = load_more(data_dir / MORE_FILE)
        if not asks_more.matches(normalize_message(messages.more_suggestion)):
            raise BotDataError(
                f"messages.toml: more_suggestion {messages.more_suggestion!r} is not a request "
                f"for more that {MORE_FILE} recognises; add it to its phrases or reword it"
            )
        declines = load_declines(data_dir, resources)
        languages = Languages.from_file(data_dir / LANGUAGES_FILE, resources)
        names = {rule.name for rule in declines}
        unknown = [n for n in languages.asks_give_way_to if n not in names]
        if unknown:
            raise BotDataError(
                f"{LANGUAGES_FILE}: asks_give_way_to names no decline file: "
                f"{', '.join(map(repr, unknown))}; name one of {', '.join(sorted(names))}"
            )
        return cls(
            messages=messages,
            crisis=crisis,
            resources=resources,
            smalltalk=SmallTalk(data_dir / "smalltalk.toml"),
            declines=declines,
            background=load_background(data_dir / "background.toml"),
            minor_ages=load_minor_ages(data_dir / "background.toml"),
            general_words=tuple(load_words(data_dir / "general_words.txt")),
            followups=FollowupCues.from_file(data_dir / "followups.toml"),
            extraction=ExtractionCues.from_file(data_dir / EXTRACTION_FILE),
            choices=Choices.from_file(data_dir / CHOICES_FILE),
            asks_more=asks_more,
            languages=languages,
        )

    @staticmethod
    def files(data_dir: Path) -> list[Path]:
        """The data files `load` reads."""
        names = ["messages.toml", "crisis.toml", "resources.toml", "smalltalk.toml"]
        names += ["background.toml", "general_words.txt", "followups.toml", EXTRACTION_FILE]
        names += [CHOICES_FILE, MORE_FILE, LANGUAGES_FILE]
        return [data_dir / n for n in names] + sorted((data_dir / "declines").glob("*.toml"))
