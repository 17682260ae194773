"""The reply contract, small talk, declines and follow-ups."""

import json
import re
from collections.abc import Callable
from itertools import takewhile
from pathlib import Path

import pytest

from bot import Bot
from bot.answering import Candidate, Retrieval
from bot.conversation import MAX_SHOWN, Conversation
from bot.declines import DeclineRule
from bot.errors import InvalidContextError, InvalidMessageError
from bot.handlers import MoreHandler, Turn
from bot.reply import Reply
from knowledge.index import Hit
from knowledge.passages import Passage, continuations
from knowledge.text import word_count

CONVERSATIONS = Path(__file__).resolve().parents[1] / "data" / "conversation.jsonl"

CONTRACT_KEYS = {"answer", "body", "intent", "confidence", "sources", "suggestions", "context"}


def reply_after(bot: Bot, first: str, followup: str) -> Reply:
    """The reply to `followup` sent with the context of the reply to `first`."""
    return bot.reply(followup, bot.reply(first).context)


def assert_answer_has(reply: Reply, facts: list[str]) -> None:
    """An answer (not a fallback) that states one of `facts`."""
    assert reply.intent == "answer"
    assert any(f in reply.answer for f in facts)


def test_answer_follows_the_reply_contract(bot: Bot) -> None:
    reply = bot.reply("how long does IOP last?").to_dict()
    assert set(reply) == CONTRACT_KEYS
    assert reply["intent"] == "answer"
    assert 0 < reply["confidence"] <= 1
    assert any(fact in reply["answer"] for fact in ["6-12 weeks", "nine hours per week", "90 days"])
    assert reply["sources"] and set(reply["sources"][0]) == {"title", "file", "heading"}
    assert "Source:" in reply["answer"]
    assert reply["answer"].rstrip().endswith(bot.messages["professional_pointer"])
    json.dumps(reply)


def test_answers_are_short_extracts_not_whole_passages(bot: Bot) -> None:
    body = bot.reply("what happens in an iop program?").answer.split("\n\n")[0]
    assert len(body.split()) <= 120


def test_identity_says_automated_and_not_read_live(bot: Bot) -> None:
    answer = bot.reply("are you a real person?").answer
    assert "automated" in answer and "no one reads" in answer


def test_greeting_with_a_question_gets_the_answer(bot: Bot) -> None:
    assert bot.reply("hi! how long does iop last?").intent == "answer"


def test_terms_most_passages_share_are_not_a_topic(bot: Bot) -> None:
    assert bot.answerer.topic_terms(("iop", "treatment", "adolesc")) == ["adolesc"]


def test_followup_after_a_broad_question_answers_the_new_facet(bot: Bot) -> None:
    context = bot.reply("what is an intensive outpatient program?").context
    reply = bot.reply("how long does it usually take?", context)
    assert any(f in reply.answer for f in ["6-12 weeks", "nine hours per week", "90 days"])


@pytest.mark.parametrize(
    "message",
    [
        "what even is an iop? my therapist mentioned it",
        "my counselor recommended an intensive outpatient program. what does that mean?",
        "the hospital discharge papers mention it. what is an iop?",
        "my wife's psychiatrist brought up iop for her. what is an iop?",
    ],
)
def test_who_sent_the_visitor_does_not_steer_the_answer(bot: Bot, message: str) -> None:
    reply = bot.reply(message)
    assert reply.intent == "answer"
    assert "Individual therapy" not in reply.answer
    questions = ("what is an iop?", "what are intensive outpatient programs?")
    definitions = {bot.reply(q).context["topic"] for q in questions}
    assert reply.context["topic"] in definitions


@pytest.mark.parametrize(
    "message",
    [
        "my daughter keeps pushing me toward iop. what happens in an iop?",
        "my son keeps telling me to try iop. how long does it last?",
    ],
)
def test_a_relative_pushing_the_visitor_is_not_the_subject(bot: Bot, message: str) -> None:
    reply = bot.reply(message)
    assert reply.intent == "answer"
    assert "Adolescent" not in reply.answer


def test_question_words_are_not_carried_as_a_topic(bot: Bot) -> None:
    context = bot.reply("what does iop stand for?").context
    reply = bot.reply("how long does it usually take?", context)
    assert any(f in reply.answer for f in ["6-12 weeks", "nine hours per week", "90 days"])


def test_new_question_is_not_dragged_into_old_topic(bot: Bot) -> None:
    context = bot.reply("tell me about adolescent iops").context
    reply = bot.reply("how long does iop last?", context)
    assert "Adolescent" not in reply.answer
    assert any(f in reply.answer for f in ["6-12 weeks", "nine hours per week", "90 days"])


def test_context_is_round_trippable_json(bot: Bot) -> None:
    context = json.loads(json.dumps(bot.reply("what about veterans?").context))
    assert context["topic"] and context["terms"] and context["turn"] == 1
    assert bot.reply("and for teens?", context).context["turn"] == 2


def test_unknown_topic_in_context_is_ignored(bot: Bot) -> None:
    reply = bot.reply(
        "how long does iop last?", {"topic": "made/up", "terms": ["nonsense-term"], "turn": 3}
    )
    assert reply.intent == "answer"


@pytest.mark.parametrize(
    "context",
    [
        [],
        "topic",
        {"turn": -1},
        {"turn": "1"},
        {"terms": "abc"},
        {"terms": ["x" * 100]},
        {"safety": "yes"},
        {"help_first": 1},
        {"offered": "a passage"},
        {"offered": [1, 2]},
        {"offered": ["a", "b", "c", "d"]},
        {"shown": "1"},
        {"shown": [-1]},
        {"shown": [True]},
        {"shown": [1.5]},
        {"shown": list(range(65))},
        {str(i): i for i in range(40)},
    ],
)
def test_malformed_context_is_rejected(bot: Bot, context) -> None:
    with pytest.raises(InvalidContextError):
        bot.reply("hello", context)


@pytest.mark.parametrize("message", [None, 42, "", "   ", "x" * 1001])
def test_invalid_messages_are_rejected(bot: Bot, message) -> None:
    with pytest.raises(InvalidMessageError):
        bot.reply(message)


@pytest.mark.parametrize(
    "message",
    ["will people in group judge me?", "can i keep my job while doing iop?"],
)
def test_everyday_words_near_legal_ones_are_still_answered(bot: Bot, message: str) -> None:
    assert bot.reply(message).intent == "answer"


@pytest.mark.parametrize(
    "message",
    [
        "can i keep my job?",
        "how many hours a day",
        "what about my family?",
        "is there a minimum number of hours per week?",
        "hw long does iop last",
        "what if someone gets too reliant on the program?",
    ],
)
def test_short_questions_in_everyday_words_are_still_answered(bot: Bot, message: str) -> None:
    assert bot.reply(message).intent == "answer"


def test_location_as_a_choice_factor_is_still_answered(bot: Bot) -> None:
    reply = bot.reply("does location matter much when choosing a program")
    assert reply.intent == "answer" and "location" in reply.answer


def test_answer_leads_with_the_most_relevant_sentence(bot: Bot) -> None:
    body = bot.reply("is iop covered by insurance?").answer.split("\n\n")[0]
    assert "insurance" in body.split(". ")[0].lower()


def test_fallback_text_does_not_end_on_a_dangling_list(bot: Bot) -> None:
    reply = bot.reply("how do i make a sourdough starter")
    first_paragraph = reply.answer.split("\n\n")[0]
    assert not first_paragraph.rstrip().endswith(":")


def test_duration_question_gets_every_duration_fact(bot: Bot) -> None:
    answer = bot.reply("how long does IOP last?").answer
    for fact in ["6-12 weeks", "nine hours per week", "90-days"]:
        assert fact in answer


def test_followup_with_only_everyday_words_stays_on_topic(bot: Bot) -> None:
    context = bot.reply("tell me about dual diagnosis iops").context
    reply = bot.reply("what does that mean exactly?", context)
    assert reply.intent == "answer"
    assert "co-occurring" in reply.answer


def test_everyday_words_do_not_match_by_accident(bot: Bot) -> None:
    assert bot.reply("who won the celtics game last night?").intent == "fallback"


@pytest.mark.parametrize(
    "message", ["help", "help!", "menu", "i need help", "what kinds of things can you help with?"]
)
def test_asking_for_help_lists_what_the_bot_does_and_the_crisis_line(
    bot: Bot, message: str
) -> None:
    reply = bot.reply(message)
    assert reply.intent == "smalltalk"
    assert "Intensive Outpatient Programs" in reply.answer and "988" in reply.answer


def test_a_followup_is_answered_with_the_sentences_it_asks_about(bot: Bot) -> None:
    first = "what happens when you first sign up for an iop?"
    reply = reply_after(bot, first, "and what do they check in that?")
    assert_answer_has(reply, ["physical exam", "review of symptoms"])


def test_a_lead_in_answer_names_what_its_sub_sections_cover(bot: Bot) -> None:
    answer = bot.reply("what challenges do iops face?").answer
    assert "several challenges" in answer
    assert all(fact in answer for fact in ("Stigma", "funding shortages", "geographic barriers"))


# -- the decision, extraction and suggestions ------------------------------------------------


def test_every_passage_question_gets_an_extract_that_answers(bot: Bot) -> None:
    """Asked its own question, no passage replies with article meta-text, a rhetorical
    question, a closing lead-in or an opening connective."""
    for passage in bot.index.passages:
        reply = bot.reply(passage.question)
        if reply.intent != "answer":
            continue
        body = reply.answer.split("\n\n")[0]
        assert not re.search(r"\b(in this article|we'll|this article)\b", body, re.I), body
        assert not re.match(r"(so|however|furthermore|moreover|additionally),? ", body, re.I)
        assert not body.rstrip().endswith(("?", ":")), body


def test_a_question_asking_for_a_list_gets_the_whole_list(bot: Bot) -> None:
    position = next(
        i
        for i, p in enumerate(bot.index.passages)
        if p.id.endswith("what-happens-in-an-iop-program")
    )
    hit = Hit(bot.index.passages[position], 1.0, position)
    message = "what are the parts of an iop?"
    body = bot.answerer.extractor.extract(hit, bot.index.match(bot.index.query(message)), message)
    assert all(part in body for part in ("Individual Therapy", "Group Therapy", "Family Therapy"))
    single = "is there one on one therapy with a counselor"
    body = bot.answerer.extractor.extract(hit, bot.index.match(bot.index.query(single)), single)
    assert "One-on-one sessions" in body and "Family Therapy" not in body


def test_a_short_labelled_list_is_shown_in_full_not_as_bare_labels(bot: Bot) -> None:
    """Two labelled items that fit in a reply ("Skill-Building Exercises: ... such as stress
    management") are shown whole: their labels alone would say nothing."""
    position = next(
        i
        for i, p in enumerate(bot.index.passages)
        if "Skill-Building Exercises:" in p.answer and "Education and Prevention:" in p.answer
    )
    hit = Hit(bot.index.passages[position], 1.0, position)
    message = "what skills do you learn in an iop"
    body = bot.answerer.extractor.extract(hit, bot.index.match(bot.index.query(message)), message)
    assert "Skill-Building Exercises" in body and "Education and Prevention" in body
    assert "stress management, mindfulness" in body
    assert word_count(body) <= bot.settings.max_list_words


def test_the_sentence_after_an_articles_own_question_answers_it(bot: Bot) -> None:
    """ "So, what's it made up of? Group therapy, ...": a message matching the article's own
    question gets the sentence after it, never the question itself."""
    position = next(
        i
        for i, p in enumerate(bot.index.passages)
        if "made up of?" in p.answer.replace("\u2019", "'")
    )
    hit = Hit(bot.index.passages[position], 1.0, position)
    cues = bot.answerer.extractor.sentence_cues(position)
    asked = [cues.sentences[i] for i in cues.asked]
    assert asked and all(q.rstrip().endswith("?") for q in asked)
    message = "what is a behavioral health iop made up of"
    body = bot.answerer.extractor.extract(hit, bot.index.match(bot.index.query(message)), message)
    assert "one-on-one counseling, family therapy" in body
    assert "?" not in body


def test_a_comparison_gets_the_sentence_that_contrasts(bot: Bot) -> None:
    position = next(
        i
        for i, p in enumerate(bot.index.passages)
        if "more demanding than regular outpatient" in p.answer
    )
    hit = Hit(bot.index.passages[position], 1.0, position)
    message = "is it different from seeing a counselor every week"
    match = bot.index.match(bot.index.query(message))
    body = bot.answerer.extractor.extract(hit, match, message, prior_weight=0.5)
    assert "more demanding than regular outpatient" in body


def test_replies_are_short_with_one_source_and_a_one_sentence_pointer(bot: Bot) -> None:
    reply = bot.reply("how long does iop last?")
    source = next(p for p in reply.answer.split("\n\n") if p.startswith("Source:"))
    assert ";" not in source and "section" not in source
    assert bot.messages["professional_pointer"].count(". ") == 0


def test_suggestions_never_rephrase_the_question_just_answered(bot: Bot) -> None:
    reply = bot.reply("how long does iop last?")
    assert reply.intent == "answer"
    assert not any(re.search(r"how (long|many weeks)", s, re.I) for s in reply.suggestions)


def test_suggestions_do_not_repeat_one_another(bot: Bot) -> None:
    answerer = bot.answerer
    assert answerer.repeats("How many weeks and hours a day is IOP?", ["How long does IOP last, "
                            "and how many hours a week?"])  # fmt: skip
    assert not answerer.repeats("Is IOP covered by insurance?", ["How long does IOP last?"])
    assert not answerer.repeats("Can IOP help manage my medication?", ["How does IOP help with "
                                "addiction?"])  # fmt: skip
    cases = [json.loads(line) for line in CONVERSATIONS.read_text(encoding="utf-8").splitlines()]
    shown = 0
    for case in cases:
        suggestions = bot.reply(case["q"]).suggestions
        for i, suggestion in enumerate(suggestions):
            assert not answerer.repeats(suggestion, suggestions[:i]), (case["q"], suggestions)
        shown += len(suggestions)
    assert shown > 2 * len(cases)


def test_a_named_programs_hours_are_declined(bot: Bot) -> None:
    reply = bot.reply("how many hours a day is the Elevate Recovery Center program?")
    assert reply.intent == "fallback"


def test_two_close_passages_make_the_bot_ask_which_was_meant(bot: Bot) -> None:
    answerer = bot.answerer
    retrieval = answerer.retrieve("x", "x", Conversation())
    first, second = bot.index.passages[0], bot.index.passages[1]
    close = [
        Candidate(Hit(first, 0.25, 0), retrieval=0.25, matcher=0.0, fused=0.25),
        Candidate(Hit(second, 0.0, 1), retrieval=0.0, matcher=0.6, fused=0.24),
    ]
    decision = answerer.choose(retrieval, close)
    assert decision.action == "clarify"
    outcome = bot.handlers[-1]._clarify(decision)  # noqa: SLF001
    assert outcome.reply.answer.startswith("Did you mean:")
    assert outcome.reply.suggestions == [first.question, second.question]
    apart = [close[0], Candidate(Hit(second, 0.0, 1), retrieval=0.0, matcher=0.2, fused=0.1)]
    assert answerer.choose(retrieval, apart).action == "answer"
    weak = [Candidate(Hit(first, 0.1, 0), retrieval=0.1, matcher=0.0, fused=0.1)]
    assert answerer.choose(retrieval, weak).action == "fallback"


def test_retrieval_and_matcher_preferring_different_passages_make_the_bot_ask(bot: Bot) -> None:
    answerer = bot.answerer
    first, second = bot.index.passages[0], bot.index.passages[1]
    match = answerer.retrieve("x", "x", Conversation()).match
    retrieval = Retrieval([Hit(first, 0.29, 0)], 0.29, match)
    by_retrieval = Candidate(Hit(first, 0.29, 0), retrieval=0.29, matcher=0.05, fused=0.29)
    by_matcher = Candidate(Hit(second, 0.0, 1), retrieval=0.0, matcher=0.6, fused=0.25)
    decision = answerer.choose(retrieval, [by_retrieval, by_matcher])
    assert decision.action == "clarify"
    assert "different passages" in decision.reason
    # The same scores with both sources preferring the first passage: an answer.
    agreeing = Candidate(Hit(second, 0.0, 1), retrieval=0.0, matcher=0.04, fused=0.25)
    assert answerer.choose(retrieval, [by_retrieval, agreeing]).action == "answer"
    # A disagreement the fused confidence settles clearly is answered.
    far = Candidate(Hit(second, 0.0, 1), retrieval=0.0, matcher=0.6, fused=0.2)
    assert answerer.choose(retrieval, [by_retrieval, far]).action == "answer"


def test_the_matcher_finds_misspelt_questions_retrieval_alone_misses(bot: Bot) -> None:
    reply = bot.reply("veteren progams for ptsd")
    assert_answer_has(reply, ["Veterans IOPs", "veterans"])


def test_explain_names_the_handler_the_decision_and_the_candidates(bot: Bot) -> None:
    lines = bot.explain("how long does iop last?")
    assert lines[0] == "handler: KnowledgeHandler"
    assert lines[1].startswith("decision: answer")
    assert any("fused" in line and "matcher" in line for line in lines)
    assert bot.explain("hi")[0].startswith("handler: SmallTalkHandler")
    spanish = bot.explain("cuanto dura el programa")
    assert spanish[:2] == ["handler: LanguageHandler", "language: Spanish"]


def test_explain_says_how_the_crisis_layers_read_the_message(bot: Bot) -> None:
    ordinary = bot.explain("how long does iop last?")
    assert "crisis rules: none" in ordinary and "crisis: none" in ordinary
    [reading] = [line for line in ordinary if line.startswith("crisis classifier: ")]
    shares = dict(re.findall(r"(\w+) (\d\.\d\d)", reading.split(" (")[0]))
    assert set(shares) == set(bot.crisis.model.classes)
    assert sum(map(float, shares.values())) == pytest.approx(1.0, abs=0.02)
    alarm = bot.explain("i want to kill myself tonight")
    assert alarm[0] == "handler: CrisisHandler"
    assert any(re.match(r"crisis rules: \w+ rule of \w+", line) for line in alarm)
    assert alarm[-1].startswith("crisis: acute")
    [pushing] = [line for line in alarm if line.startswith("towards an emergency: ")]
    assert re.search(r'(word|char) "[^"]*kill[^"]*" \+\d\.\d\d', pushing)
    # The outcome the reply followed, also when the conversation made it: a bare "yes" right
    # after the crisis lines.
    checked_in = bot.reply("i feel so hopeless lately").context
    assert bot.explain("yes", checked_in)[-1].startswith("crisis: acute")
    assert bot.explain("yes")[-1] == "crisis: none"


def test_explain_says_why_an_alarm_became_the_check_in(bot: Bot) -> None:
    lines = bot.explain("i think i have ptsd")
    assert lines[-2].startswith("crisis: check_in")
    assert lines[-1].startswith("crisis: the classifier's alarm became the check-in")
    assert "self_described" in lines[-1]
    assert "[[told]] relapse" in bot.explain("i relapsed last night")[-1]
    assert not any("became the check-in" in line for line in bot.explain("how long is iop"))


def test_a_followup_that_leans_back_keeps_a_topic_that_scores_close_to_the_best(bot: Bot) -> None:
    first, topic, other = bot.index.passages[:3]
    match = bot.index.match(bot.index.query("family"))

    def reading(topic_score: float) -> Retrieval:
        hits = [Hit(first, 0.5, 0), Hit(topic, topic_score, 1), Hit(other, 0.1, 2)]
        return Retrieval(hits, 0.5, match)

    hold = bot.settings.topic_hold
    kept = bot.answerer._topic_first(reading(0.5 * hold + 0.01), topic.id)
    assert kept.best is not None and kept.best.passage.id == topic.id
    assert kept.best.score > 0.5  # ranked first by score too, as the fusion ranks
    assert [h.passage.id for h in kept.hits] == [topic.id, first.id, other.id]
    for far, named in ((0.5 * hold - 0.01, topic.id), (0.5 * hold + 0.01, None)):
        unchanged = reading(far)
        assert bot.answerer._topic_first(unchanged, named) is unchanged


def test_explain_scores_the_answered_passages_sentences_and_marks_those_shown(bot: Bot) -> None:
    message = "what skills will i learn in iop?"
    lines = bot.explain(message)
    reply = bot.reply(message)
    start = next(i for i, line in enumerate(lines) if line.startswith("sentences of "))
    assert lines[start] == f"sentences of {reply.context['topic']} (score; > shown):"
    scored = takewhile(lambda line: line.startswith("  "), lines[start + 1 :])
    rows = [re.match(r"  ([> ]) +(-?\d+\.\d\d)  (.+)", line) for line in scored]
    assert rows and all(rows)
    shown = [row.group(3) for row in rows if row and row.group(1) == ">"]
    assert shown and all(text[-30:] in reply.body for text in shown)
    # The best-scored sentence is among those shown.
    best = max((row for row in rows if row), key=lambda row: float(row.group(2)))
    assert best.group(1) == ">"
    assert not any(line.startswith("sentences of ") for line in bot.explain("what's a bagel?"))


def test_explain_never_says_the_matcher_agrees_when_it_did_not_weigh_in(bot: Bot) -> None:
    context = bot.reply("How is IOP different from inpatient treatment?").context
    lines = bot.explain("and compared to regular weekly therapy?", context)
    assert any("with the conversation's topic" in line for line in lines)  # the matcher sits out
    assert not any("matcher agree" in line for line in lines), lines


def test_a_bare_yes_right_after_the_crisis_lines_gets_help_first(bot: Bot) -> None:
    # The check-in asks nothing, but says "if you are thinking about harming yourself...":
    # "yes" may answer it. "no", or "yes" after an ordinary answer, is small talk.
    checked_in = bot.reply("i feel so hopeless lately")
    assert checked_in.answer.startswith(bot.messages["check_in"])
    assert checked_in.context.get("help_first") is True
    for message in ("yes", "me too", "idk"):
        reply = bot.reply(message, checked_in.context)
        assert reply.intent == "crisis" and "988" in reply.answer.split("\n\n")[1], message
    assert bot.reply("no", checked_in.context).intent == "smalltalk"
    answered = bot.reply("how long does iop last?", checked_in.context)
    assert answered.intent == "answer" and "help_first" not in answered.context
    assert answered.context.get("safety") is True  # the 988 line stays; help first does not
    assert bot.reply("yes", answered.context).intent == "smalltalk"


# -- picking one of the questions a "Did you mean" offered -----------------------------------


@pytest.fixture
def clarified(bot: Bot, unsure_message: str) -> Reply:
    """The "Did you mean" reply to a message whose two best passages are about as likely."""
    return bot.reply(unsure_message)


def test_did_you_mean_offers_its_questions_for_the_next_turn_only(
    bot: Bot, clarified: Reply
) -> None:
    offered = clarified.context["offered"]
    assert [bot.answerer.passage(i).question for i in offered] == clarified.suggestions
    assert "offered" not in bot.reply("what is iop?", clarified.context).context
    assert "offered" not in bot.reply("what is iop?").context


@pytest.mark.parametrize(
    ("message", "picked"),
    [("the second one", 1), ("2", 1), ("No, the other one please", 1), ("1", 0), ("yes", 0)],
)
def test_a_pick_after_did_you_mean_is_answered_as_the_question_it_picks(
    bot: Bot, message: str, picked: int, clarified: Reply
) -> None:
    chosen = bot.reply(message, clarified.context)
    clicked = bot.reply(clarified.suggestions[picked], clarified.context)
    assert chosen.intent == "answer"
    assert chosen.body == clicked.body
    assert chosen.context["topic"] == clarified.context["offered"][picked]


@pytest.mark.parametrize("message", ["the second one", "2", "yes"])
def test_the_same_words_pick_nothing_elsewhere(bot: Bot, message: str, clarified: Reply) -> None:
    offered = clarified.context["offered"]
    for context in (None, bot.reply("how long does iop last?").context):
        assert bot.reply(message, context).context.get("topic") not in offered


def test_a_pick_from_unknown_passages_is_read_as_usual(bot: Bot) -> None:
    context = {"offered": ["no/such-passage", "none/either"]}
    assert bot.reply("2", context).to_dict() == bot.reply("2").to_dict()


def test_an_emergency_is_not_read_as_a_pick(bot: Bot, clarified: Reply) -> None:
    for message in ("the second one, i want to kill myself", "yes i want to die"):
        assert bot.reply(message, clarified.context).intent == "crisis", message


def test_sentence_positions_sent_as_whole_floats_are_read_as_integers(bot: Bot) -> None:
    first = bot.reply("is iop covered by insurance?").context
    as_floats = dict(first, shown=[float(i) for i in first["shown"]])
    assert (
        bot.reply("tell me more", as_floats).to_dict() == bot.reply("tell me more", first).to_dict()
    )


def test_a_new_question_after_did_you_mean_is_answered_on_its_own(
    bot: Bot, clarified: Reply
) -> None:
    asked = bot.reply("how long does iop last?", clarified.context)
    fresh = bot.reply("how long does iop last?", dict(clarified.context, offered=[]))
    assert asked.to_dict() == fresh.to_dict()


def test_right_after_the_help_lines_a_yes_answers_them_not_the_offer(
    bot: Bot, clarified: Reply
) -> None:
    offered = clarified.context["offered"]
    reply = bot.reply("yes", {"offered": offered, "help_first": True})
    assert reply.intent == "crisis"


# -- "tell me more" -------------------------------------------------------------------------


def sentences_of(body: str) -> set[str]:
    return {s.strip() for s in re.split(r"(?<=[.!?])\s+", body.split("\n\n")[0]) if s.strip()}


@pytest.mark.parametrize(
    "message", ["tell me more", "Go on!", "more info please", "and?", "cuéntame más"]
)
def test_tell_me_more_gives_what_the_answer_left_out(bot: Bot, message: str) -> None:
    first = bot.reply("is iop covered by insurance?")
    more = bot.reply(message, first.context)
    assert more.intent == "answer"
    assert more.sources[0]["file"] == first.sources[0]["file"]
    assert more.context["topic"] == first.context["topic"]
    assert sentences_of(more.body).isdisjoint(sentences_of(first.body))
    assert set(first.context["shown"]) < set(more.context["shown"])


def test_asking_for_more_walks_every_passage_to_its_end_without_repeating(bot: Bot) -> None:
    for passage in bot.index.passages:
        reply = bot.reply(passage.question)
        if reply.context.get("topic") != passage.id:
            continue
        seen = sentences_of(reply.body)
        reading = bot.answerer.extractor.reading(bot.answerer._by_id[passage.id])
        for _ in range(len(reading.sentences) + 1):
            reply = bot.reply("tell me more", reply.context)
            if reply.intent != "answer":
                break
            new = sentences_of(reply.body)
            assert new and new.isdisjoint(seen), passage.id
            seen |= new
        assert reply.answer.startswith(bot.messages["no_more"]), passage.id
        assert reply.suggestions and passage.question not in reply.suggestions
        assert reply.context["topic"] == passage.id  # still on it: a follow-up still leans on it


def test_more_after_a_lead_in_walks_into_its_sub_sections(bot: Bot) -> None:
    # "What are the benefits?" answers with a lead-in and the first sentence of each
    # sub-section; more is in the sub-sections, each opening with its heading.
    lead_ins = [p for p in bot.index.passages if p.overview]
    assert lead_ins
    for lead_in in lead_ins:
        reply = bot.reply(lead_in.question)
        if reply.context.get("topic") != lead_in.id:
            continue
        more = bot.reply("tell me more", reply.context)
        assert more.intent == "answer", lead_in.id
        (first, *_) = more.sources
        assert first["heading"] in lead_in.related and first["file"] == lead_in.file
        assert more.body.startswith(f"{first['heading']}: ")
        assert more.context["topic"] == lead_in.id


def test_a_sentence_shown_alone_marks_only_itself(bot: Bot) -> None:
    # Not another that merely ends alike ("... their personal and professional lives.").
    answerer = bot.answerer
    for position, passage in enumerate(bot.index.passages):
        sentences = answerer.extractor.reading(position).sentences
        for i, sentence in enumerate(sentences):
            same = tuple(j for j, other in enumerate(sentences) if other == sentence)
            assert answerer.extractor.shown_sentences(passage, sentence) == same, (passage.id, i)


def test_tell_me_more_is_offered_while_the_text_goes_on(bot: Bot) -> None:
    offer = bot.messages["more_suggestion"]
    reply = bot.reply("what are the benefits of iop in hingham")
    replies = [reply]
    while offer in reply.suggestions and len(replies) < 20:
        assert reply.suggestions[0] == offer
        assert len(reply.suggestions) <= bot.settings.max_suggestions
        reply = bot.reply(offer, reply.context)  # tapped
        assert reply.intent == "answer"
        replies.append(reply)
    assert len(replies) > 2  # the lead-in, then its sub-sections
    assert bot.reply(offer, reply.context).answer.startswith(bot.messages["no_more"])
    curated = bot.reply("how long does iop last?")  # a maintainer's answer, shown whole
    assert curated.intent == "answer" and offer not in curated.suggestions


def test_the_text_goes_on_in_the_next_part_and_under_the_same_lead_in_only() -> None:
    def passage(
        id: str, heading: str, file: str = "a.txt", related: tuple[str, ...] = (), overview=""
    ) -> Passage:
        return Passage(
            id, "q?", "Text.", "Title", file, heading, related=related, overview=overview
        )

    passages = [
        passage("intro", "Intro"),
        passage("intro-2", "Intro"),  # a later part of the same section
        passage("benefits", "Benefits", related=("Flexibility", "Cost"), overview="F. C."),
        passage("flexibility", "Flexibility"),
        passage("cost", "Cost"),
        passage("cost-2", "Cost"),
        passage("faq", "FAQ"),  # after the lead-in's sub-sections: not under it
        passage("other", "FAQ", file="b.txt"),  # another article
    ]
    assert continuations(passages) == {
        "intro": "intro-2",
        "benefits": "flexibility",
        "flexibility": "cost",
        "cost": "cost-2",
    }


def test_more_without_an_answer_before_it_is_left_to_the_other_handlers(bot: Bot) -> None:
    (more,) = [h for h in bot.handlers if isinstance(h, MoreHandler)]
    assert more.handle(Turn("tell me more", "tell me more", Conversation())) is None
    topic = bot.reply("is iop covered by insurance?").context["topic"]
    assert more.handle(Turn("tell me more", "tell me more", Conversation(topic=topic)))
    context = {"shown": [0, 1]}  # no topic: nothing to say more about
    assert "shown" not in bot.reply("hello", context).context


def test_an_answer_the_conversation_has_already_shown_says_so(bot: Bot) -> None:
    said_before = bot.data.messages.said_before
    first = bot.reply("what is an iop program?")
    again = bot.reply("what is an iop program?", first.context)
    assert not first.body.startswith(said_before)
    assert again.body == f"{said_before} {first.body}"  # it asks what those sentences say
    assert again.context["shown"] == first.context["shown"]


def test_a_repeat_for_a_message_naming_something_new_adds_what_comes_next(bot: Bot) -> None:
    said_before = bot.data.messages.said_before
    also = bot.data.messages.also_same_article
    first = bot.reply("what is an iop program?")  # a passage whose text goes on
    more = bot.reply("tell me more", first.context)
    again = bot.reply("do i have to sleep there?", first.context)  # "sleep": not in the answer
    repeated, added = again.body.split("\n\n")
    assert repeated == f"{said_before} {first.body}"
    assert added.startswith(f"{also} ")
    following = added.removeprefix(f"{also} ")
    assert following and more.body.startswith(following)  # the sentence "more" shows first
    assert set(first.context["shown"]) < set(again.context["shown"])
    assert all(s in more.sources for s in again.sources if s not in first.sources)
    assert len({tuple(s.items()) for s in again.sources}) == len(again.sources)  # each once
    # Asked for more after the repeat, the bot goes on after the sentence it added.
    after = bot.reply("tell me more", again.context)
    assert following not in after.body


def test_a_repeat_of_a_passage_shown_to_its_end_adds_nothing(bot: Bot) -> None:
    said_before = bot.data.messages.said_before
    first = bot.reply("what is an iop program?")
    every_sentence = {**first.context, "shown": list(range(MAX_SHOWN))}
    again = bot.reply("do i have to sleep there?", every_sentence)
    assert again.body == f"{said_before} {first.body}"


def test_an_answer_with_something_new_is_not_said_to_be_a_repeat(bot: Bot) -> None:
    said_before = bot.data.messages.said_before
    first = bot.reply("how long does iop last?")
    other = bot.reply("is there iop for teens?", first.context)
    more = bot.reply("tell me more", first.context)
    assert other.context["topic"] != first.context["topic"]
    assert not other.body.startswith(said_before) and not more.body.startswith(said_before)


@pytest.mark.parametrize(
    "message",
    ["how many weeks dose iop usualy run?", "how long dose it last", "what dose insurance cover"],
)
def test_dose_typed_for_does_is_read_as_does(bot: Bot, message: str) -> None:
    assert bot.reply(message).answer == bot.reply(message.replace("dose", "does")).answer


@pytest.mark.parametrize(
    "message", ["what is the dose the doctor gives for anxiety", "what dose of zoloft is normal"]
)
def test_a_question_about_a_dose_is_still_declined_as_medical_advice(
    bot: Bot, message: str
) -> None:
    advice = next(rule for rule in bot.data.declines if rule.name == "advice")
    assert bot.reply(message).answer.startswith(advice.reply)


@pytest.mark.parametrize(
    ("message", "advice"),
    [
        ("how many days would i need to take off work for iop", False),
        ("how much time do i need to take off for the program", False),
        ("how many pills should i take", True),
        ("how much xanax can i take a day", True),
    ],
)
def test_taking_time_off_is_not_taking_a_dose(
    bot: Bot, decline_rule: Callable[[str], DeclineRule], message: str, advice: bool
) -> None:
    assert bot.reply(message).answer.startswith(decline_rule("advice").reply) is advice
