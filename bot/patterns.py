"""Regular expressions that skip the regex engine when a message cannot match.

Most patterns in the data files need some literal text to match: `\\bwont be a burden\\b` needs
"burden", `\\b(loaded|cocked) ...` needs "loaded" or "cocked". A substring test is far cheaper
than a regex search, so each pattern carries the strings one of which every match contains and
searches only when one is present. `Screen` looks for the strings of many patterns in one pass,
so crisis detection (several hundred patterns) runs the regex engine only for the few
patterns whose words a message contains.

Strings are looked for in a text's *words view*: its words (`\\w+`) joined by single spaces,
with a space at each end. A `\\b` in a pattern is a space there, so `\\b(uk|od)\\b` needs
" uk" or " od", which few messages hold, where "uk" and "od" alone are in many words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

MIN_LITERAL = 3  # required strings whose telling part is shorter screen out too little

# Words in almost every message: a required " to " or "how " screens out nothing.
FUNCTION_WORDS = frozenset(
    "a about all am an and any are as at be been but by can cant do dont for from get got had "  # noqa: SIM905
    "has have how i if im in is it its just like me my no not of off on or out so that the this "
    "to up was what when will with would you your going gonna want wanna".split()
)


def _letters(word: str) -> int:
    """A word's length, letters beyond ASCII counting double (Vietnamese "giật" is rare
    enough to screen on); `Screen` still needs strings of at least `MIN_LITERAL` characters."""
    return len(word) + sum(not c.isascii() for c in word)


@lru_cache(maxsize=4096)
def _telling(text: str) -> int:
    """The length of the longest word in `text` that is not a function word; a phrase of two
    or more words ("cant go on", even "how are you") tells as much as a word of `MIN_LITERAL`
    letters: few messages hold it, so it screens out most."""
    words = [w for w in re.split(r"\W+", text) if w]
    telling = max((_letters(w) for w in words if w not in FUNCTION_WORDS), default=0)
    if len(words) >= 2 and len(text.strip()) >= 2 * MIN_LITERAL:
        return max(telling, MIN_LITERAL)
    if telling and text != text.strip():
        return telling + 1  # a word's start or end marked: " uk" is rarer than "uk"
    return telling


def _best(
    current: frozenset[str] | None, candidate: frozenset[str] | None
) -> frozenset[str] | None:
    """The more selective of two sets of required strings: the longer telling word in the
    weakest string, then fewer strings."""
    if not candidate or min(min(_telling(s), len(s)) for s in candidate) < MIN_LITERAL:
        return current
    if current is None:
        return candidate

    def rank(strings: frozenset[str]) -> tuple[int, int]:
        return (min(_telling(x) for x in strings), -len(strings))

    return candidate if rank(candidate) > rank(current) else current


_WORD = re.compile(r"\w+")
_SPACES = re.compile(r" {2,}")


def _in_view(op: Any, av: Any) -> str | None:
    """What one parsed item adds to the words view of every match: a literal letter itself;
    a space for a word boundary, any other literal character, or one or more of a class of
    characters that are not letters (`\\s+`, `[,.;!]`); None for anything else."""
    if op is sre.LITERAL:
        char = chr(av)
        return char if _WORD.match(char) else " "
    if op is sre.AT and av is sre.AT_BOUNDARY:
        return " "
    if op is sre.IN and _between_words(av):
        return " "
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
        inner_op, inner_av = av[2][0]
        if inner_op is sre.IN and _between_words(inner_av):
            return " "
        if inner_op is sre.LITERAL and not _WORD.match(chr(inner_av)):
            return " "
    return None


def _between_words(members: Any) -> bool:
    """Whether a character class holds only characters that are not letters: whitespace or
    listed punctuation (never a negated class)."""
    return bool(members) and all(
        (kind is sre.LITERAL and not _WORD.match(chr(value)))
        or (kind is sre.CATEGORY and value is sre.CATEGORY_SPACE)
        for kind, value in members
    )


def _joined(parts: Iterable[str]) -> str:
    """Parts of the words view as one string, spaces collapsed as the view collapses them."""
    return _SPACES.sub(" ", "".join(parts))


def _leading(items: Iterable[tuple[Any, Any]]) -> str:
    """The words view every match of this parsed sequence starts with ("" if none)."""
    lead: list[str] = []
    for op, av in items:
        part = _in_view(op, av)
        if part is None:
            break
        lead.append(part)
    return _joined(lead)


def _options(op: Any, av: Any) -> list[Any] | None:
    """The alternatives of a group or an alternation, as parsed sequences."""
    if op is sre.BRANCH:
        return list(av[1])
    if op is sre.SUBPATTERN:
        content = list(av[-1])
        if len(content) == 1 and content[0][0] is sre.BRANCH:
            return list(content[0][1][1])
        return [content]
    return None


def _required(items: Iterable[tuple[Any, Any]], lead: str = "") -> frozenset[str] | None:
    """Strings one of which the words view of a match of this parsed sequence must contain,
    if any are known. `lead`: the view every match is preceded by.

    Literal text just before a group joins each alternative's own first letters, so
    `od(in|ing)` needs "odin" or "oding", not the two letters "od".
    """
    best: frozenset[str] | None = None
    run: list[str] = [lead] if lead else []
    for op, av in items:
        part = _in_view(op, av)
        if part is not None:
            run.append(part)
            continue
        prefix = _joined(run)
        if run:
            best = _best(best, frozenset([prefix]))
            run = []
        options = _options(op, av)
        if prefix and options:
            best = _best(best, frozenset(_joined((prefix, _leading(o))) for o in options))
        # What a group or a repeat must hold, the text just before it joined to its start.
        if op is sre.SUBPATTERN:
            best = _best(best, _required(av[-1], prefix))
        elif op is sre.BRANCH:
            found = [_required(branch, prefix) for branch in av[1]]
            if all(found):
                best = _best(best, frozenset().union(*found))  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            best = _best(best, _required(av[2], prefix))
    if run:
        best = _best(best, frozenset([_joined(run)]))
    return best


def required_strings(pattern: str, parsed: Any = None) -> frozenset[str] | None:
    """Strings one of which the words view (`words_view`) of any match of `pattern` contains;
    None when none could be found. `parsed`: the pattern's parse tree (`sre_parse.parse`),
    when already at hand."""
    if "(?i" in pattern or "(?x" in pattern or "(?a" in pattern:
        # Case-folded or verbose patterns: literals are not what the text holds; ASCII ones:
        # their words are not the view's.
        return None
    try:
        return _required(sre_parse.parse(pattern) if parsed is None else parsed)
    except Exception:  # noqa: BLE001 - an unparseable pattern is simply not screened
        return None


def _beyond_ascii(items: Iterable[tuple[Any, Any]]) -> bool:
    """Whether every match of this parsed sequence holds a character beyond ASCII."""
    for op, av in items:
        if op is sre.LITERAL and av > 127:
            return True
        if op is sre.IN and all(
            (kind is sre.LITERAL and value > 127) or (kind is sre.RANGE and value[0] > 127)
            for kind, value in av
        ):
            return True
        options = _options(op, av)
        if options is not None and all(_beyond_ascii(option) for option in options):
            return True
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1 and _beyond_ascii(av[2]):
            return True
    return False


def beyond_ascii(pattern: str, parsed: Any = None) -> bool:
    """Whether every match of `pattern` holds a character beyond ASCII ("我...想死", "(tự tử|
    自杀)"), so a text of ASCII alone, as most messages are, cannot match. `parsed`: the
    pattern's parse tree, when already at hand."""
    if "(?i" in pattern or "(?x" in pattern:
        return False  # case folding can take a letter beyond ASCII to one within it
    try:
        return _beyond_ascii(sre_parse.parse(pattern) if parsed is None else parsed)
    except Exception:  # noqa: BLE001 - an unparseable pattern is simply not screened
        return False


class ScreenedPattern:
    """A pattern that answers "no match" at once when its required text is absent, or when it
    needs a character beyond ASCII and the text has none. It is compiled when first searched:
    most messages need few of the data files' patterns, and compiling all of them would slow
    the start of every new process."""

    __slots__ = ("pattern", "required", "beyond_ascii", "_regex")

    def __init__(
        self, pattern: str, required: frozenset[str] | None, beyond_ascii: bool = False
    ) -> None:
        self.pattern = pattern
        self.required = tuple(sorted(required)) if required else None
        self.beyond_ascii = beyond_ascii
        self._regex: re.Pattern[str] | None = None

    @classmethod
    def compile(cls, pattern: str) -> ScreenedPattern:
        parsed = sre_parse.parse(pattern)
        return cls(pattern, required_strings(pattern, parsed), beyond_ascii(pattern, parsed))

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern (compiled once, on first use)."""
        regex = self._regex
        return regex if regex is not None else self._compile()

    def compile_now(self) -> bool:
        """Compile the pattern unless it is already; whether this call compiled it."""
        if self._regex is not None:
            return False
        self._compile()
        return True

    def _compile(self) -> re.Pattern[str]:
        regex = self._regex = re.compile(self.pattern)
        return regex

    def possible(self, text: str) -> bool:
        """False only when no match can exist (a required string is missing, or the text has
        no character beyond ASCII that the pattern needs)."""
        if self.beyond_ascii and text.isascii():
            return False
        return self.required is None or any(map(words_view(text).__contains__, self.required))

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text) if self.possible(text) else None

    def sub(self, replacement: str, text: str) -> str:
        return self.regex.sub(replacement, text) if self.possible(text) else text


_LEAVES = (str, bytes, int, float, complex, type(None), re.Pattern, type)


def held_patterns(root: object) -> Iterator[ScreenedPattern]:
    """Every `ScreenedPattern` reachable from `root` through attributes (`__dict__` or
    `__slots__`) and containers, each once."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, _LEAVES):
            continue
        seen.add(id(item))
        if isinstance(item, ScreenedPattern):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        else:
            stack.extend(vars(item).values() if hasattr(item, "__dict__") else ())
            for cls in type(item).__mro__:
                for slot in getattr(cls, "__slots__", ()):
                    stack.append(getattr(item, slot, None))


def compile_all(root: object) -> int:
    """Compile now every pattern `root` holds, rather than on a message's first need: a server
    does this before it forks its workers, so no visitor's request pays for a compile and the
    workers share the compiled patterns. Returns how many were compiled."""
    return sum(pattern.compile_now() for pattern in held_patterns(root))


def combine(patterns: Iterable[ScreenedPattern]) -> Alternation:
    """One pattern matching wherever any of `patterns` does (the first listed wins where two
    match at the same place), searched only when one of them can match."""
    return Alternation(patterns)


class Alternation:
    """Patterns joined as one alternation, run only when one of them matches on its own (each
    searched only when its screen leaves it possible, as `AnyPattern` does): most messages
    match none, and the joined regex tries every alternative at every position of a text."""

    __slots__ = ("patterns", "regex", "_any")

    def __init__(self, patterns: Iterable[ScreenedPattern]) -> None:
        self.patterns = tuple(patterns)
        # Compiled now: patterns that are each valid can still clash once joined.
        self.regex = re.compile("|".join(f"(?:{p.pattern})" for p in self.patterns) or "(?!)")
        self._any = AnyPattern(self.patterns)

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text) if self._any.matches(text) else None

    def sub(self, replacement: str, text: str) -> str:
        return self.regex.sub(replacement, text) if self._any.matches(text) else text


@lru_cache(maxsize=16)
def words_view(text: str) -> str:
    """A text's words (`\\w+`, as a pattern's `\\b` reads them) joined by single spaces, with a
    space at each end: what screens look their strings up in. "I'm fine, thanks!" reads
    " I m fine thanks ". The screens of one reply read the same few texts (the message, its
    unmasked and corrected forms), so the last few texts' views are kept."""
    return f" {' '.join(_WORD.findall(text))} "


@lru_cache(maxsize=16)
def text_starts(text: str) -> frozenset[str]:
    """Every run of three characters in `text`'s words view: what `Screen` looks its strings
    up by."""
    view = words_view(text)
    return frozenset([view[i : i + 3] for i in range(len(view) - 2)])


class Screen:
    """Many patterns screened together: one pass over a text finds the required strings it
    holds, and so the patterns that could match it.

    Strings are filed under their first three characters, so a text is only checked for the
    strings whose first three characters occur in it.
    """

    def __init__(self, patterns: Sequence[ScreenedPattern]) -> None:
        unscreened = [i for i, p in enumerate(patterns) if p.required is None]
        # Patterns without required strings: possible in any text, or, when they need a
        # character beyond ASCII, only in a text that has one.
        self._always = frozenset(i for i in unscreened if not patterns[i].beyond_ascii)
        self._beyond_ascii = frozenset(i for i in unscreened if patterns[i].beyond_ascii)
        self._owners: dict[str, list[int]] = {}
        for i, pattern in enumerate(patterns):
            for string in pattern.required or ():
                self._owners.setdefault(string, []).append(i)
        self._by_start: dict[str, list[str]] = {}
        for string in sorted(self._owners):
            self._by_start.setdefault(string[:3], []).append(string)
        self._starts = frozenset(self._by_start)

    def possible(self, text: str, starts: frozenset[str] | None = None) -> frozenset[int]:
        """The positions of the patterns that could match `text`, in no particular order."""
        found: set[int] | None = None
        by_start, owners, view = self._by_start, self._owners, words_view(text)
        for start in (text_starts(text) if starts is None else starts) & self._starts:
            for string in by_start[start]:
                if string in view:
                    if found is None:
                        found = set(self._always)
                    found.update(owners[string])
        if self._beyond_ascii and not text.isascii():
            found = (set(self._always) if found is None else found) | self._beyond_ascii
        # Most texts hold none of a screen's strings: its unscreened patterns, as they are.
        return self._always if found is None else frozenset(found)

    def candidates(self, text: str, starts: frozenset[str] | None = None) -> list[int]:
        """The positions of the patterns that could match `text`, in their given order."""
        return sorted(self.possible(text, starts))


class SharedScreen:
    """One `Screen` over the patterns of several groups (the declines' rules, the small-talk
    kinds), each asked in turn about the same message: the message's strings are looked up
    once for all of them, not once for each group. `view` gives a group its part."""

    def __init__(self, groups: Sequence[Sequence[ScreenedPattern]]) -> None:
        owners = [
            (group, local) for group, found in enumerate(groups) for local in range(len(found))
        ]
        self._owners = owners
        self._screen = Screen([pattern for found in groups for pattern in found])
        # Each group's unscreened patterns: what a text holding none of the strings leaves.
        always: dict[int, set[int]] = {}
        for position in self._screen._always:
            group, local = owners[position]
            always.setdefault(group, set()).add(local)
        self._always = {group: frozenset(found) for group, found in always.items()}
        # The last text asked about and each group's possible patterns: a pair replaced whole,
        # so a reader never sees one without the other.
        self._last: tuple[str | None, dict[int, frozenset[int]]] = (None, {})

    def view(self, group: int) -> SharedScreenView:
        return SharedScreenView(self, group)

    def possible(self, group: int, text: str, starts: frozenset[str] | None) -> frozenset[int]:
        """The positions, within `group`, of its patterns that could match `text`."""
        last, by_group = self._last
        if last != text:
            by_group = self._by_group(text, starts)
            self._last = (text, by_group)
        return by_group.get(group, _NONE)

    def _by_group(self, text: str, starts: frozenset[str] | None) -> dict[int, frozenset[int]]:
        screen, owners = self._screen, self._owners
        found = screen.possible(text, starts)
        if found is screen._always:
            return self._always
        by_group: dict[int, set[int]] = {}
        for position in found:
            group, local = owners[position]
            by_group.setdefault(group, set()).add(local)
        return {group: frozenset(locals_) for group, locals_ in by_group.items()}


_NONE: frozenset[int] = frozenset()


class SharedScreenView:
    """One group's part of a `SharedScreen`, asked as its own `Screen` would be."""

    __slots__ = ("_shared", "_group")

    def __init__(self, shared: SharedScreen, group: int) -> None:
        self._shared = shared
        self._group = group

    def possible(self, text: str, starts: frozenset[str] | None = None) -> frozenset[int]:
        return self._shared.possible(self._group, text, starts)


class AnyPattern:
    """Patterns asked together whether any of them matches: each is searched on its own, and
    only when the screen leaves it possible (cheaper than one combined regex, whose many
    alternatives the regex engine tries at every position of the text)."""

    __slots__ = ("patterns", "_screen")

    def __init__(self, patterns: Iterable[ScreenedPattern]) -> None:
        self.patterns = tuple(patterns)
        self._screen: Screen | SharedScreenView = Screen(self.patterns)

    def matches(self, text: str, starts: frozenset[str] | None = None) -> bool:
        """Whether any pattern matches `text` (`starts`: its `text_starts`, if known)."""
        patterns = self.patterns
        for i in self._screen.possible(text, starts):
            if patterns[i].regex.search(text) is not None:
                return True
        return False


def share_screens(groups: Sequence[AnyPattern]) -> None:
    """Screen these groups' patterns together from now on, for groups asked in turn about the
    same message: each still matches exactly where it did, and the message's strings are
    looked up once."""
    shared = SharedScreen([group.patterns for group in groups])
    for number, group in enumerate(groups):
        group._screen = shared.view(number)
