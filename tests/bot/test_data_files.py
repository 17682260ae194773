"""The bot's and the knowledge core's data files: every fault fails at load, in one line that
names the file, the entry and the fix."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.bot_data import BotData
from bot.checking import check_all
from bot.cli import main
from bot.core import Bot
from bot.crisis import CrisisDetector, CrisisLevel
from bot.data_files import compile_patterns, compile_phrases, load_words
from bot.errors import BotDataError
from bot.patterns import combine
from bot.settings import BotSettings, bot_data_dir
from knowledge.build import KnowledgeConfig, build_index, load_passages, make_analyzer
from knowledge.errors import DataFileError
from knowledge.index import KnowledgeIndex


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    """A copy of the shipped bot data files to break."""
    return Path(shutil.copytree(bot_data_dir(), tmp_path / "bot-data"))


@pytest.fixture()
def knowledge(tmp_path: Path) -> KnowledgeConfig:
    """The shipped corpus with a copy of the knowledge data files to break."""
    shipped = KnowledgeConfig.default()
    copy = Path(shutil.copytree(shipped.data_dir, tmp_path / "knowledge-data"))
    return KnowledgeConfig(sources_dir=shipped.sources_dir, data_dir=copy)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_error(data: Path) -> str:
    with pytest.raises(BotDataError) as caught:
        BotData.load(data)
    message = str(caught.value)
    assert "\n" not in message
    return message


def advice_file(data: Path) -> Path:
    return data / "declines" / "10_advice.toml"


def test_shipped_data_files_load(data: Path) -> None:
    loaded = BotData.load(data)
    names = [rule.name for rule in loaded.declines]
    assert names[:6] == [
        "advice",
        "symptoms",
        "medications",
        "finding_programs",
        "out_of_scope",
        "named_providers",
    ]
    assert loaded.messages["professional_pointer"] == loaded.messages.professional_pointer


def test_bad_regular_expression_names_file_and_pattern(data: Path) -> None:
    edit(advice_file(data), "'\\bdiagnose (me|my)\\b'", "'\\bdiagnose (me|my\\b'")
    message = load_error(data)
    assert "10_advice.toml" in message and "diagnose (me|my" in message
    assert "not a valid regular expression" in message


def test_look_behind_of_varying_width_is_refused_when_the_bot_is_built(data: Path) -> None:
    # Parsing alone accepts it; only compiling finds the fault, and patterns are otherwise
    # compiled when a message first needs them.
    edit(advice_file(data), "'\\bdiagnose (me|my)\\b'", "'(?<!not |never )\\bdiagnose (me|my)\\b'")
    message = load_error(data)
    assert "10_advice.toml" in message and "look-behind" in message


def test_malformed_toml_names_the_file(data: Path) -> None:
    edit(data / "smalltalk.toml", "[[kind]]", "[[kind]")
    message = load_error(data)
    assert "smalltalk.toml" in message and "not valid TOML" in message


def test_decline_file_without_reply_fails_at_load(data: Path) -> None:
    path = advice_file(data)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^reply = .*$", "", text), encoding="utf-8")
    message = load_error(data)
    assert "10_advice.toml" in message and "no `reply`" in message


def test_renamed_message_key_fails_when_the_bot_is_built(data: Path, index: KnowledgeIndex) -> None:
    edit(data / "messages.toml", "crisis_pointer =", "crisis_pointr =")
    with pytest.raises(BotDataError) as caught:
        Bot(index, BotSettings(data_dir=data))
    message = str(caught.value)
    assert "messages.toml" in message and "crisis_pointr" in message
    assert "crisis_pointer" in message  # among the known keys it lists


def test_double_quoted_word_boundary_is_a_backspace(data: Path) -> None:
    edit(advice_file(data), "'\\bdiagnose (me|my)\\b'", '"\\bdiagnose (me|my)\\b"')
    message = load_error(data)
    assert "10_advice.toml" in message and "single quotes" in message


def test_capital_letters_never_match_lowercased_messages(data: Path) -> None:
    edit(advice_file(data), "'\\bdiagnose (me|my)\\b'", "'\\bDiagnose (me|my)\\b'")
    message = load_error(data)
    assert "10_advice.toml" in message and "lowercase" in message and "(D)" in message


def test_escapes_like_capital_w_are_not_capitals() -> None:
    (pattern,) = compile_patterns([r"\bfoo\W+\S\b"])
    assert pattern.search("foo  x")


def test_small_talk_kind_whose_affirms_is_not_true_or_false(data: Path) -> None:
    edit(data / "smalltalk.toml", "\naffirms = true", '\naffirms = "yes"')
    message = load_error(data)
    assert "smalltalk.toml" in message and "'affirmation'" in message
    assert "`affirms` and `learned` must be true or false" in message


def test_crisis_category_naming_an_unknown_help_line(data: Path) -> None:
    edit(data / "crisis.toml", 'resources = ["988", "911",', 'resources = ["989", "911",')
    message = load_error(data)
    assert "crisis.toml" in message and "989" in message and "resources.toml" in message


KNOWN = ["the known ones are"]  # a misspelt key is named beside the keys the file may hold
_FINDING = "declines/18_finding_programs.toml"
_ADVICE = "declines/10_advice.toml"
_PROVIDERS = "declines/25_named_providers.toml"


@pytest.mark.parametrize(
    ("name", "old", "new", "says"),
    [
        # A misspelt key would otherwise drop its patterns, or a threshold, without a word.
        ("crisis.toml", "informational = [", "informatonal = [", ["the file", *KNOWN]),
        (
            "crisis.toml",
            'name = "suicide"\nresources',
            'name = "suicide"\nresource',
            ["suicide", *KNOWN],
        ),
        (
            "crisis.toml",
            "safety_net = 0.1",
            "safety_net = 0.1\nsafety_nett = 0.2",
            ["[model]", *KNOWN],
        ),
        # The negations' own word lists: a bad pattern or phrase, named.
        ("crisis.toml", "negated_intent = [\n    '", "negated_intent = [\n    '(", ["pattern 1"]),
        ("crisis.toml", '"never mind", ', '"Never mind", ', ["not_negations", "capital letters"]),
        # A symptom the decline of symptom questions lists is matched as lowercase letters.
        ("declines/12_symptoms.toml", '"shaky", "shakes",', '"shaky", "b12",', ["symptom", "b12"]),
        # The words that open a clause: matched against lowercased messages, so never capitals.
        ("crisis.toml", '"but", "btw",', '"But", "btw",', ["clause_breaks", "capital letters"]),
        ("crisis.toml", '"but", "btw",', '"", "btw",', ["clause_breaks", "empty"]),
        # A relapse told plainly: whole messages only, and the lists its slots stand for.
        ("crisis.toml", "[\n    '^((so", "[\n    '((so", ["[[told]] relapse", "^"]),
        ("crisis.toml", "\nwhen = [", "\nwhens = [", ["[[told]] relapse", "<when>", "<whens>"]),
        ("crisis.toml", 'name = "relapse"\n', "", ["[[told]] 1", "`name`"]),
        ("crisis.toml", "'relapsed', 'slip", "'Relapsed', 'slip", ["relapse", "capital letters"]),
        # Tapped, a suggestion more.toml does not read would get the fallback.
        ("messages.toml", '"Tell me more"', '"Read on"', ["'Read on'", "more.toml"]),
        ("languages.toml", '"ma_bh_line"', '"ma_help"', ["ma_help"]),  # no such line
        ("languages.toml", "at {help_line} (24/7", "at 833-773-2445 (24/7", ["{help_line}"]),
        ("languages.toml", "min_share = 0.5", "min_share = 50", ["min_share"]),  # a percentage
        ("languages.toml", '"que", "qué",', '"que", "que",', ["'que' listed twice"]),
        ("languages.toml", '"que", "qué",', '"Que", "qué",', ["lowercase"]),  # never met
        ("languages.toml", "script = '[", "script = '(", ["regular expression"]),
        ("languages.toml", "script = '[", "script = '[a-z", ["ASCII"]),  # English would match
        ("languages.toml", 'name = "Spanish"', 'nmae = "Spanish"', ["name"]),
        # The phrase files: a renamed key or table, a badly written phrase.
        ("extraction.toml", "meta = [", "metas = [", ["meta"]),  # a renamed list
        ("extraction.toml", '"so", "however"', '"So", "however"', ["capital letters"]),
        ("extraction.toml", '"vs", "versus"', '"", "versus"', ["empty"]),
        ("extraction.toml", "[contents]", "[content]", ["content"]),  # a renamed table
        (
            "extraction.toml",
            'question_words = ["what"',
            'question_words = "what" #',
            ["must be a list"],
        ),
        ("extraction.toml", "on_their_own = [", "alone = [", ["on_their_own"]),
        ("choices.toml", '"2", "2nd",', '"2", "1st", "2nd",', ["'1st' picks two [[option]]s"]),
        ("choices.toml", '"2", "2nd",', '"2", "the one", "2nd",', ["'the one' is only filler"]),
        ("choices.toml", "[[option]]  # the second question", "[[choice]]", ["choice"]),
        ("choices.toml", 'phrases = [\n  "2"', 'phrase = [\n  "2"', ["phrase"]),
        ("choices.toml", 'phrases = [\n  "2"', "phrases = [\n  2", ["list of strings"]),
        ("more.toml", '"more", "tell more",', '"more", "can you",', ["only filler words"]),
        ("more.toml", "phrases = [", "phrase = [", ["phrase"]),
        ("more.toml", "filler = [", "fillers = [", ["fillers"]),
        # A decline's lists of names: written as messages are read; each used, each listed.
        (_FINDING, '"abington", ', '"Abington", ', ["lists.place", "'Abington'", "lowercase"]),
        (_FINDING, '"marthas vineyard"', '"martha\'s vineyard"', ["apostrophes"]),
        (_FINDING, "\nplace = [", "\ntowns = [", ["<place>", "[lists] has no place"]),
        (_ADVICE, "reply = ", "lists = {town = ['boston']}\nreply = ", ["no pattern says <town>"]),
        (_ADVICE, "patterns = [", "patterns = ['near <place>', ", ["[lists] has no place"]),
        (
            _PROVIDERS,
            "[lists]\nprovider = [",
            "[lists.provider]\nnames = [",
            ["lists.provider", "list of strings"],
        ),
        # A phone number a reply gives is one of resources.toml's lines.
        (_FINDING, "(833-773-2445,", "(833-773-2444,", ["833-773-2444", "resources.toml"]),
    ],
)
def test_a_data_file_fault_names_the_file_and_what_to_fix(
    data: Path, name: str, old: str, new: str, says: list[str]
) -> None:
    edit(data / name, old, new)
    message = load_error(data)
    assert name in message and all(part in message for part in says), message


def test_crisis_model_without_its_vetoed_check_in_threshold(data: Path) -> None:
    edit(data / "crisis.toml", "vetoed_check_in = 0.05", "")
    message = load_error(data)
    assert "crisis.toml" in message and "vetoed_check_in" in message


def test_crisis_model_without_its_safety_net_threshold(data: Path) -> None:
    edit(data / "crisis.toml", "safety_net = 0.1", "")
    message = load_error(data)
    assert "crisis.toml" in message and "safety_net" in message


def test_help_line_with_an_unknown_field(data: Path) -> None:
    edit(data / "resources.toml", 'tel = "988"', 'phone = "988"')
    message = load_error(data)
    assert "resources.toml" in message and "[resources.988]" in message and "phone" in message


def test_decline_file_with_a_bad_unnamed_head_fails_at_load(data: Path) -> None:
    edit(data / "declines" / "60_other_care.toml", '"therapy", ', '"Therapy", ')
    message = load_error(data)
    assert "60_other_care.toml" in message and "unnamed_heads" in message
    assert "single lowercase words" in message


def test_badly_named_decline_file(data: Path) -> None:
    shutil.copy(advice_file(data), data / "declines" / "advice_again.toml")
    message = load_error(data)
    assert "advice_again.toml" in message and "NN_name.toml" in message


def test_declines_are_discovered_in_file_name_order(data: Path) -> None:
    extra = data / "declines" / "15_parking.toml"
    extra.write_text("patterns = ['\\bparking\\b']\nreply = 'No idea about parking.'\n")
    names = [rule.name for rule in BotData.load(data).declines]
    assert names.index("advice") < names.index("parking") < names.index("out_of_scope")


def test_bad_cleaning_pattern_names_the_knowledge_file(knowledge: KnowledgeConfig) -> None:
    path = knowledge.data_dir / "cleaning.toml"
    edit(path, "'''Required fields are marked \\*'''", "'''Required fields are (marked'''")
    with pytest.raises(DataFileError, match=r"cleaning.toml: drop_line_patterns 2 .*not a valid"):
        load_passages(knowledge)


def test_synonym_group_without_variants(knowledge: KnowledgeConfig) -> None:
    path = knowledge.data_dir / "synonyms.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n[[group]]\ncanonical = 'zzz'\n")
    with pytest.raises(
        DataFileError, match=r"synonyms.toml: \[\[group\]\] 'zzz' has no `variants`"
    ):
        make_analyzer(knowledge)


def test_synonym_variants_of_two_groups_that_read_alike(knowledge: KnowledgeConfig) -> None:
    # "jogging" and "jogged" stem alike: a message saying either could only ever read as the
    # later group, so the earlier listing would silently do nothing.
    path = knowledge.data_dir / "synonyms.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n[[group]]\ncanonical = 'exercise'\nvariants = ['workout', 'jogging']\n"
        + "\n[[group]]\ncanonical = 'running'\nvariants = ['jogged']\n"
    )
    with pytest.raises(DataFileError) as raised:
        make_analyzer(knowledge)
    message = str(raised.value)
    assert "synonyms.toml: 'jogging' (group 'exercise') and 'jogged' (group 'running')" in message
    assert "reads as 'running', the later group" in message and "\n" not in message
    assert "keep the phrase in one group" in message


def test_synonym_group_named_twice(knowledge: KnowledgeConfig) -> None:
    path = knowledge.data_dir / "synonyms.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n[[group]]\ncanonical = 'cost'\nvariants = ['how pricey']\n"
    )
    with pytest.raises(DataFileError, match=r"canonical 'cost' names an earlier group too"):
        make_analyzer(knowledge)


def test_shipped_synonym_variants_each_belong_to_one_group() -> None:
    assert make_analyzer(KnowledgeConfig.default()).variant_clashes() == []


def test_question_rule_with_a_bad_pattern(knowledge: KnowledgeConfig) -> None:
    path = knowledge.data_dir / "questions.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n[[rule]]\npattern = '(x'\nquestion = 'x'\n"
    )
    with pytest.raises(DataFileError, match=r"questions.toml: pattern '\(x' is not a valid"):
        load_passages(knowledge)


@pytest.mark.parametrize(
    ("name", "old", "new", "where"),
    [
        ("questions.toml", "keep_case = [", "keepcase = [", "the file"),
        ("questions.toml", "summary_headings = [", "summary_heading = [", "the file"),
        ("questions.toml", "question = '{1}'", "question = '{1}'\nquestions = 'x'", "[[rule]] 1"),
        ("curated.toml", "[[alternatives]]\npassage", "[[alternative]]\npassage", "the file"),
        ("curated.toml", "alternatives = [", "alternative = [", "[[qa]] 1"),
        ("phrasings.toml", "phrasings = [", "phrasing = [", "[[passage]] 1"),
    ],
    ids=["questions", "summary headings", "question rule", "curated", "curated pair", "phrasings"],
)
def test_knowledge_file_with_a_misspelt_key(
    knowledge: KnowledgeConfig, name: str, old: str, new: str, where: str
) -> None:
    # A misspelt key would otherwise drop the rules, questions or phrasings it holds.
    edit(knowledge.data_dir / name, old, new)
    with pytest.raises(DataFileError, match="the known ones are") as raised:
        build_index(knowledge)
    assert name in str(raised.value) and where in str(raised.value)


def test_check_reports_every_fault_on_its_own_line(
    data: Path, knowledge: KnowledgeConfig, index: KnowledgeIndex
) -> None:
    assert check_all(knowledge, data, lambda: index).ok
    edit(data / "messages.toml", "fallback =", "fallbak =")
    edit(knowledge.data_dir / "synonyms.toml", "[[group]]", "[[group]")
    report = check_all(knowledge, data, lambda: index)
    assert not report.ok and len(report.faults) == 2
    assert any("synonyms.toml" in f for f in report.faults)
    assert any("messages.toml" in f and "fallbak" in f for f in report.faults)


def test_check_command_passes_on_the_shipped_files(index_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--index", str(index_path)])
    assert result.exit_code == 0, result.output
    assert "FAULT" not in result.output and result.output.count("ok ") == 8


def test_check_reports_a_crisis_example_given_twice_with_two_labels(
    data: Path, knowledge: KnowledgeConfig, index: KnowledgeIndex
) -> None:
    path = knowledge.data_dir / "crisis" / "idiom.jsonl"
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    other = {"text": first["text"], "label": "crisis" if first["label"] != "crisis" else "none"}
    with path.open("a", encoding="utf-8") as lines:
        lines.write(json.dumps(other) + "\n")
    report = check_all(knowledge, data, lambda: index)
    assert len(report.faults) == 1 and "idiom.jsonl" in report.faults[0], report.faults
    assert "another label" in report.faults[0]


def test_check_reports_a_small_talk_example_of_a_kind_smalltalk_toml_lacks(
    data: Path, knowledge: KnowledgeConfig, index: KnowledgeIndex
) -> None:
    path = knowledge.data_dir / "smalltalk.jsonl"
    with path.open("a", encoding="utf-8") as lines:
        lines.write(json.dumps({"text": "howdy partner", "kind": "greetings"}) + "\n")
    report = check_all(knowledge, data, lambda: index)
    assert len(report.faults) == 1 and "smalltalk.jsonl" in report.faults[0], report.faults
    assert "greetings" in report.faults[0] and "greeting" in report.faults[0]


def test_check_reports_an_out_of_scope_question_a_passage_answers(
    data: Path, knowledge: KnowledgeConfig, index: KnowledgeIndex
) -> None:
    question = load_passages(knowledge)[0].question
    path = knowledge.data_dir / "out_of_scope.txt"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{question}\n", encoding="utf-8")
    report = check_all(knowledge, data, lambda: index)
    assert len(report.faults) == 1 and "out_of_scope.txt" in report.faults[0], report.faults


def test_check_reports_a_negation_word_the_classifier_could_never_read(
    data: Path, knowledge: KnowledgeConfig, index: KnowledgeIndex
) -> None:
    path = knowledge.data_dir / "crisis" / "negation_words.txt"
    path.write_text(path.read_text(encoding="utf-8") + "Don't\n", encoding="utf-8")
    report = check_all(knowledge, data, lambda: index)
    assert len(report.faults) == 1 and "negation_words.txt" in report.faults[0], report.faults
    assert '"Don\'t" must be one lowercase word' in report.faults[0]


def test_check_reports_a_missing_english_word_list(
    data: Path, knowledge: KnowledgeConfig, index: KnowledgeIndex
) -> None:
    (knowledge.data_dir / "english_words.txt").unlink()
    report = check_all(knowledge, data, lambda: index)
    assert len(report.faults) == 1, report.faults
    assert "english_words.txt" in report.faults[0] and "restore the file" in report.faults[0]


@pytest.mark.parametrize(
    ("line", "fault"),
    [
        ("weak week", "'weak' is an English word"),
        ("lenhgt lenght", "'lenhgt' means 'lenght', itself listed as a misspelling"),
        ("lenght", "is not a misspelt word and the word meant"),
        ("Lenght length", "is not a misspelt word and the word meant"),
        ("lenght lenght", "gives the same word twice"),
        ("acess accessed", "'acess' is listed twice"),
    ],
)
def test_check_reports_a_misspelling_fault(
    data: Path, knowledge: KnowledgeConfig, index: KnowledgeIndex, line: str, fault: str
) -> None:
    path = knowledge.data_dir / "misspellings.txt"
    path.write_text(path.read_text(encoding="utf-8") + f"{line}\n", encoding="utf-8")
    report = check_all(knowledge, data, lambda: index)
    assert len(report.faults) == 1 and "misspellings.txt" in report.faults[0], report.faults
    assert fault in report.faults[0]


def test_check_reports_a_spelling_rule_whose_example_is_not_what_it_spells(
    data: Path, knowledge: KnowledgeConfig, index: KnowledgeIndex
) -> None:
    path = knowledge.data_dir / "spellings.toml"
    rule = "[[rule]]\npattern = '^(cen)ter$'\nother = '\\1tre'\nexample = 'center center'\n"
    path.write_text(path.read_text(encoding="utf-8") + rule, encoding="utf-8")
    report = check_all(knowledge, data, lambda: index)
    assert len(report.faults) == 1 and "spellings.toml" in report.faults[0], report.faults
    assert "turns 'center' into 'centre', not 'center'" in report.faults[0]


def test_phrases_match_whole_words_only() -> None:
    pattern = compile_phrases(["i mean", "no"])
    assert pattern.search("well i mean it")
    assert not pattern.search("nothing here") and not pattern.search("i meant")
    with pytest.raises(BotDataError, match="lowercase"):
        compile_phrases(["No"])


def test_word_list_skips_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("# header\n\ncar\n  time \n", encoding="utf-8")
    assert load_words(path) == ["car", "time"]


def test_missing_word_list_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BotDataError, match="missing.txt: cannot read it"):
        load_words(tmp_path / "missing.txt")


def test_combined_pattern_matches_wherever_one_does() -> None:
    combined = combine(compile_patterns([r"\bfoo\b", r"\bbar (baz|qux)\b"]))
    assert combined.search("a bar qux")
    assert combined.search("foo")
    assert not combined.search("food bar")
    assert not combine(()).search("anything")


def test_followup_cues_are_phrase_lists_in_data(data: Path) -> None:
    cues = BotData.load(data).followups
    assert cues.message_leans_back("is there one for teens")
    assert cues.message_leans_back("and the cost")
    assert not cues.message_leans_back("android phones")  # whole words only
    assert cues.sentence_leans_back("However, most programs ...")
    edit(data / "followups.toml", "openers = [", "opener = [")
    message = load_error(data)
    assert "followups.toml" in message and "opener" in message


def test_extraction_cues_are_phrase_lists_in_data(data: Path) -> None:
    cues = BotData.load(data).extraction
    assert cues.meta.search("In this article, we'll dive deep")
    assert cues.asks_for_list.search("what therapies are there")
    assert cues.asks_comparison.search("iop vs inpatient")
    assert not cues.asks_comparison.search("order a pizza")  # whole words only
    assert cues.opening_connective.match("So, this care level")
    assert not cues.opening_connective.match("Some people")


def test_crisis_negation_word_lists_are_in_data(data: Path) -> None:
    shipped = BotData.load(data).crisis
    assert level_of(shipped, "never mind hurt myself") is CrisisLevel.ACUTE
    assert level_of(shipped, "i wont ever hurt myself") is CrisisLevel.NEGATED
    path = data / "crisis.toml"
    text = re.sub(r"(?s)negated_intent = \[.*?\n\]", "negated_intent = []", path.read_text())
    path.write_text(text.replace('["never mind", "nevermind"]', "[]"))
    edited = BotData.load(data).crisis
    # "never" no longer spared in "never mind"; a negation inside the match no longer read.
    assert level_of(edited, "never mind hurt myself") is CrisisLevel.NEGATED
    assert level_of(edited, "i wont ever hurt myself") is CrisisLevel.ACUTE


def level_of(detector: CrisisDetector, message: str) -> CrisisLevel | None:
    signal = detector.detect_by_rules(message)
    return signal.level if signal is not None else None


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ('read_as = "teenager"', 'read_as = "Teenager"', "lowercase word"),
        ('read_as = "teenager"', 'read_as = "teenager"\nreads_as = "teen"', "reads_as"),
        ("[minor_ages]", "[[minor_ages]]", "must be a table"),
    ],
)
def test_a_fault_in_the_minor_ages_names_the_file_and_the_fix(
    data: Path, old: str, new: str, says: str
) -> None:
    edit(data / "background.toml", old, new)
    message = load_error(data)
    assert "background.toml" in message and says in message
