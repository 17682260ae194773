"""Reading maintainer-edited data files into checked values: any fault is a `DataFileError`
of one line that names the file, the entry and the fix."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, TypeVar

from knowledge.errors import DataFileError

T = TypeVar("T")
ErrorType = type[DataFileError]

# Control characters a TOML basic string ("...") makes of regex escapes: "\b" is a backspace.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPES = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)")


def shown(path: Path) -> str:
    """A data file's path as people know it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_toml(path: Path, error: ErrorType = DataFileError) -> dict[str, Any]:
    """Parse a TOML data file; an unreadable or malformed one is an error naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"cannot read it ({exc.strerror}); restore the file", shown(path)) from exc
    except UnicodeDecodeError as exc:
        raise error("is not UTF-8 text; save it as UTF-8", shown(path)) from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"is not valid TOML ({exc}); fix the syntax there", shown(path)) from exc


def read_lines(path: Path, error: ErrorType = DataFileError) -> list[str]:
    """A list file: one item per line, `#` comments and blank lines ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise error(f"cannot read it ({exc.strerror}); restore the file", shown(path)) from exc
    except UnicodeDecodeError as exc:
        raise error("is not UTF-8 text; save it as UTF-8", shown(path)) from exc
    return [item for line in lines if (item := line.strip()) and not item.startswith("#")]


def json_lines(path: Path, error: ErrorType = DataFileError) -> Iterator[tuple[int, Any]]:
    """The JSON value of each non-blank line of a JSON-lines file, with its line number; a line
    that is not JSON is an `error` naming the file and the line."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        yield number, value


def need(
    table: dict[str, Any],
    key: str,
    kind: type[T],
    where: str,
    error: ErrorType = DataFileError,
) -> T:
    """`table[key]`, which must be present and of `kind` (a list's items must be strings)."""
    if key not in table:
        raise error(f"{where} has no `{key}`; add {key} = ...")
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise error(f"{where}: `{key}` must be a {kind.__name__}, not {type(value).__name__}")
    if isinstance(value, list) and not all(isinstance(item, str) for item in value):
        raise error(f"{where}: `{key}` must be a list of strings")
    return value


def strings(
    table: dict[str, Any], key: str, where: str, error: ErrorType = DataFileError
) -> list[str]:
    """`table[key]` as a list of strings; an absent key is an empty list."""
    return need(table, key, list, where, error) if key in table else []


def tables(
    table: dict[str, Any], key: str, where: str, error: ErrorType = DataFileError
) -> list[dict[str, Any]]:
    """The `[[key]]` entries of a file; an absent key is an empty list."""
    entries = table.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise error(f"{where}: `{key}` must be a list of tables, written [[{key}]]")
    return entries


def reject_unknown(
    table: dict[str, Any], known: set[str], where: str, error: ErrorType = DataFileError
) -> None:
    """A key the program does not read is a typo or a renamed key: say which keys it knows."""
    unknown = sorted(set(table) - known)
    if unknown:
        raise error(
            f"{where}: unknown key(s) {', '.join(unknown)}; the known ones are "
            f"{', '.join(sorted(known))}"
        )


def compile_regex(
    pattern: Any,
    where: str,
    *,
    flags: int = 0,
    lowercase: bool = False,
    error: ErrorType = DataFileError,
) -> re.Pattern[str]:
    """Compile one pattern of a data file, refusing what cannot match as meant: a syntax error,
    a control character (`\\b` in double quotes is a backspace) and, for patterns matched
    against lowercased messages (`lowercase`), capital letters."""
    _check_text(pattern, where, flags, lowercase, error)
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise _invalid(pattern, where, exc, error) from exc


def parse_regex(
    pattern: Any,
    where: str,
    *,
    flags: int = 0,
    lowercase: bool = False,
    error: ErrorType = DataFileError,
) -> Any:
    """Check one pattern of a data file as `compile_regex` does, and return it parsed (the
    regex engine's own parse tree) rather than compiled: parsing finds every fault but those of
    look-behinds, so patterns with one are compiled too. Compiling the rest can wait until a
    message needs them."""
    _check_text(pattern, where, flags, lowercase, error)
    try:
        if "(?<" in pattern:
            re.compile(pattern, flags)
        return sre_parse.parse(pattern, flags)
    except re.error as exc:
        raise _invalid(pattern, where, exc, error) from exc


def _check_text(pattern: Any, where: str, flags: int, lowercase: bool, error: ErrorType) -> None:
    """Refuse a pattern that is not a string, holds a control character or, for lowercased
    messages, a capital letter."""
    if not isinstance(pattern, str):
        raise error(f"{where} is {pattern!r}, not a string; quote it")
    control = _CONTROL.search(pattern)
    if control:
        raise error(
            f"{where} {pattern!r} holds the control character {control.group()!r}: in double "
            "quotes \\b is a backspace; write the pattern in single quotes ('...')"
        )
    if lowercase and not flags & re.IGNORECASE and "(?i" not in pattern:
        capitals = [c for c in _ESCAPES.sub("", pattern) if c.isupper()]
        if capitals:
            raise error(
                f"{where} {pattern!r} has capital letters ({''.join(capitals)}) but messages are "
                "lowercased before matching; write it in lowercase"
            )


def _invalid(pattern: str, where: str, exc: re.error, error: ErrorType) -> DataFileError:
    return error(f"{where} {pattern!r} is not a valid regular expression ({exc})")


def phrase_regex(phrases: list[str], where: str, error: ErrorType = DataFileError) -> str:
    """A regular expression matching any of `phrases` as whole words (longest first)."""
    for i, phrase in enumerate(phrases, 1):
        if not phrase.strip():
            raise error(f"{where}: phrase {i} is empty; remove it")
        if phrase != phrase.lower():
            raise error(
                f"{where}: phrase {phrase!r} has capital letters but messages are lowercased "
                "before matching; write it in lowercase"
            )
    ordered = sorted({p.strip() for p in phrases}, key=len, reverse=True)
    if not ordered:
        return r"(?!)"
    return r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", " ") for p in ordered) + r")\b"


@contextmanager
def naming(path: Path, error: ErrorType = DataFileError) -> Iterator[None]:
    """Errors raised while a loader reads `path` name the file (and a missing key, the key)."""
    try:
        yield
    except DataFileError as exc:
        if exc.file is not None:
            raise
        raise error(exc.detail, shown(path)) from exc
    except KeyError as exc:
        raise error(f"an entry has no {exc}; add it", shown(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise error(f"is not valid TOML ({exc}); fix the syntax there", shown(path)) from exc
    except re.error as exc:
        raise error(
            f"pattern {exc.pattern!r} is not a valid regular expression ({exc})", shown(path)
        ) from exc


def load_with(path: Path, loader: Callable[[Path], T], error: ErrorType = DataFileError) -> T:
    """`loader(path)`, its data faults naming `path`."""
    with naming(path, error):
        return loader(path)
