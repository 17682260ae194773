"""Word lists that steer sentence extraction, from `bot/data/extraction.toml`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.data_files import load_toml, need, reading
from bot.errors import BotDataError
from knowledge.data_files import phrase_regex, reject_unknown

EXTRACTION_FILE = "extraction.toml"


@dataclass(frozen=True)
class ExtractionCues:
    """Phrase lists compiled with word boundaries (all matched in any case)."""

    meta: re.Pattern[str]  # article meta-text ("in this article, we'll")
    opening_connective: re.Pattern[str]  # "So, " at the start of a reply
    asks_for_list: re.Pattern[str]  # "what therapies are there?", "list them"
    asks_comparison: re.Pattern[str]  # "iop vs inpatient"
    offers_contrast: re.Pattern[str]  # "unlike inpatient programs"
    asks_contents: re.Pattern[str]  # "what do they check?"
    offers_contents: re.Pattern[str]  # "such as", "includes"

    @classmethod
    def from_file(cls, path: Path) -> ExtractionCues:
        with reading(path):
            data = load_toml(path)
            tables = ("asks_for_list", "comparison", "contents")
            reject_unknown(data, {"meta", "opening_connectives", *tables}, "the file", BotDataError)
            lists = _table(data, "asks_for_list", ("question_words", "list_words", "on_their_own"))
            comparison = _table(data, "comparison", ("asks", "offers"))
            contents = _table(data, "contents", ("asks", "offers"))
            connectives = _phrases(data, "opening_connectives", "the file")
            return cls(
                meta=_compile(_phrases(data, "meta", "the file")),
                opening_connective=_compile("^" + connectives + r",?\s+"),
                asks_for_list=_compile(
                    f"{lists['question_words']}.*{lists['list_words']}|{lists['on_their_own']}"
                ),
                asks_comparison=_compile(comparison["asks"]),
                offers_contrast=_compile(comparison["offers"]),
                asks_contents=_compile(contents["asks"]),
                offers_contents=_compile(contents["offers"]),
            )


def _phrases(table: dict[str, Any], key: str, where: str) -> str:
    """One list of `table` (`where` names it in errors) as a whole-word regular expression."""
    name = key if where == "the file" else f"{where} {key}"
    return phrase_regex(need(table, key, list, where), name, BotDataError)


def _table(data: dict[str, Any], name: str, keys: tuple[str, ...]) -> dict[str, str]:
    """The phrase lists of one `[name]` table, each as a whole-word regular expression."""
    table = need(data, name, dict)
    reject_unknown(table, set(keys), f"[{name}]", BotDataError)
    return {key: _phrases(table, key, f"[{name}]") for key in keys}


def _compile(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE)
