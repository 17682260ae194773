"""The reply contract, small talk, declines and follow-ups."""

import json
import re

import pytest

from bot import Bot
from bot.answering import Candidate
from bot.conversation import Conversation
from bot.errors import InvalidContextError, InvalidMessageError
from bot.reply import Reply
from knowledge.index import Hit

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


@pytest.mark.parametrize(
    "message",
    [
        "hi",
        "good morning :)",
        "thanks!",
        "thx!! bye",
        "who are you?",
        "are you a real person?",
        "what can you do",
        "help",
        "cheers mate",
        "is this a bot",
        "who made you",
        "can i talk to a real person?",
        "thanks so much, that actually helped",
        "thanks, that was really helpful!",
        "hey there, am i talking to a human or a robot?",
        "thanks, that actually really helped",
    ],
)
def test_small_talk(bot: Bot, message: str) -> None:
    reply = bot.reply(message)
    assert reply.intent == "smalltalk"
    assert reply.suggestions
    assert "professional" in reply.answer


def test_identity_says_automated_and_not_read_live(bot: Bot) -> None:
    answer = bot.reply("are you a real person?").answer
    assert "automated" in answer and "no one reads" in answer


def test_greeting_with_a_question_gets_the_answer(bot: Bot) -> None:
    assert bot.reply("hi! how long does iop last?").intent == "answer"


@pytest.mark.parametrize(
    "message",
    [
        "should I stop my meds?",
        "do I have bipolar?",
        "what dose of lexapro should i take",
        "how much naltrexone should i be taking",
        "is 20mg of lexapro too much",
        "is it ok to stop my meds during iop",
        "can i drink on weekends while in iop",
    ],
)
def test_personal_medical_advice_is_declined(bot: Bot, message: str) -> None:
    reply = bot.reply(message)
    assert reply.intent == "fallback"
    assert "diagnose" in reply.answer and "professional" in reply.answer


@pytest.mark.parametrize(
    "message",
    [
        "whats the score of the bruins game",
        "how do i make a sourdough starter",
        "do iops use EMDR?",
        "how do i fix my car",
        "can you help me with my homework",
        "how do i change a flat tire",
    ],
)
def test_unanswerable_questions_are_declined_honestly(bot: Bot, message: str) -> None:
    reply = bot.reply(message)
    assert reply.intent == "fallback"
    says_so = ("don't have information", "outside what I can help with", "can't tell you")
    assert any(words in reply.answer for words in says_so)
    assert 1 <= len(reply.suggestions) <= 3
    assert "professional" in reply.answer


@pytest.mark.parametrize(
    ("first", "followup", "facts"),
    [
        (
            "what is IOP?",
            "how long does it last?",
            ["6-12 weeks", "nine hours per week", "90 days"],
        ),
        ("what is IOP?", "is there one for teens?", ["Adolescent IOPs"]),
        ("is there one for teens?", "what about veterans?", ["veterans"]),
        ("what about veterans?", "and the cost?", ["affordable", "cost"]),
        ("how do i choose the right iop?", "anything money-wise to check?", ["insurance coverage"]),
        ("does iop include detox?", "so where do people do that part?", ["clinic or hospital"]),
    ],
)
def test_followups_resolve_against_the_conversation(
    bot: Bot, first: str, followup: str, facts: list[str]
) -> None:
    context = bot.reply(first).context
    reply = bot.reply(followup, context)
    assert reply.intent == "answer"
    assert any(f.lower() in reply.answer.lower() for f in facts)


@pytest.mark.parametrize(
    ("message", "facts"),
    [
        ("i work full time, would i have to quit my job?", ["daily routines", "work"]),
        ("what do they check at the intake?", ["assessment"]),
        ("why is it so hard to get into an iop?", ["accessibility", "barriers"]),
        ("will it be cookie cutter or do they make it for me", ["tailored", "customized"]),
        ("been drinking for 40 years, is it too late for me", ["Recovery is always possible"]),
        ("how do i tell if a program is any good", ["staff qualifications", "reviews"]),
        ("is it like AA", ["12 Step"]),
        ("does my husband have to stop drinking before he starts iop?", ["detox"]),
        ("who is an iop best suited for?", ["ideal for", "early stages"]),
        ("i see my therapist every week already, why would i need iop?", ["weekly therapy"]),
        ("why cant i just come off the booze at home", ["detoxification"]),
        ("do they poke and prod you at the first appointment", ["physical exam"]),
        ("i don't have a car, how would i even get there", ["transportation"]),
        ("what kinds of therapies do they use?", ["Individual Therapy", "Group Therapy"]),
        ("what does a normal day in the program look like", ["Group therapy", "Group Therapy"]),
        ("what are the drawbacks facing iops right now?", ["challenges"]),
        ("what do people talk about in group?", ["emotional regulation", "share experiences"]),
        ("small town, nothing nearby. why is it so hard to find a program?", ["geographic"]),
        ("why are people scared to get help for addiction?", ["Stigma"]),
        ("can they help me figure out the root cause of my drinking?", ["discover why"]),
        ("i keep relapsing, is there any point trying again?", ["Recovery is always possible"]),
        ("i work the night shift, are there programs at different times?", ["evening"]),
        ("can i be part of my husband's treatment?", ["family therapy"]),
        ("is iop a bad idea for anyone?", ["not suitable"]),
        ("who's the ideal candidate for iop?", ["ideal for"]),
        ("my grandson is in college, would he have to drop out for iop?", ["school"]),
        ("im so lonely and isolated, could iop help me reconnect?", ["social connections"]),
        ("is the lack of programs because they're understaffed?", ["workforce shortages"]),
        (
            "is there something in between weekly therapy and a hospital?",
            ["middle ground", "more support than weekly therapy"],
        ),
        ("how much time per week is iop?", ["hours per day", "hours per week"]),
        ("my living situation is a mess, can i still do iop?", ["stable home environment"]),
        ("does what i say in group stay private?", ["confidential"]),
        ("is iop the same as a day program? my nurse used both terms", ["Day Treatment"]),
        ("im shy, whats the point of the group stuff", ["Group therapy", "group therapy"]),
        ("do they prescribe meds at iop", ["medication management"]),
        ("what is psychoeducation? i read about it on a flyer", ["Psychoeducational"]),
        ("who leads the one on one sessions, a real therapist?", ["licensed therapist"]),
        ("her therapist called it a day treatment program, same as iop?", ["Day Treatment"]),
        ("im a primary care doctor. for which patients is iop not appropriate?", ["not suitable"]),
        ("are there iop groups on zoom or is it all in person", ["telehealth"]),
        (
            "every program near me has a waitlist, why is access so bad?",
            ["accessibility", "geographic barriers"],
        ),
        ("do they tailor the plan or is it the same for everybody", ["tailored", "customized"]),
        ("is this right for everybody who struggles?", ["not suitable"]),
        ("my shift ends at 6, is there anything at night?", ["evening"]),
        ("how many hours a week is iop?", ["hours per week"]),
        ("nothing is available near me, why?", ["accessibility", "geographic"]),
        ("would they put me on meds there?", ["medication management"]),
        ("will i lose my job and my paycheck if i start iop?", ["daily routines", "work"]),
        ("sober 2 weeks, is iop overkill for me?", ["ideal for", "early stages"]),
        ("whats an iop", ["a type of mental health treatment"]),
        ("be honest, does iop even work?", ["highly effective"]),
        ("what problems are iops up against?", ["Stigma"]),
        ("how many days a wk is it", ["days per week", "times a week"]),
        ("what happens on my first day at iop?", ["assessment"]),
        ("served two tours overseas, now drinking a lot. any iops for vets?", ["Veterans IOPs"]),
        ("is there a way to go less and less often instead of stopping at once?", ["step down"]),
        ("in a nutshell, what is iop?", ["Intensive Outpatient Program"]),
        ("ok whats the catch, who is this not good for?", ["not suitable"]),
        ("where does iop fit in with other kinds of treatment?", ["continuum"]),
        ("who decides what goes into my plan?", ["case manager", "case worker"]),
        ("who should i talk to about whether iop is right for me?", ["healthcare professional"]),
        ("it happened without me noticing, now im addicted", ["realize"]),
        ("will they teach me about my condition?", ["education"]),
        ("whats teh diffrence betwen iop and inpatient", ["overnight", "24/7", "inpatient"]),
        ("she's scared people will look down on her for going", ["Stigma"]),
        ("what does the national institute on drug abuse recommend?", ["90-days"]),
        ("how long does treatment take to actually stick?", ["90"]),
        ("my son has depression and a drinking problem, will they treat both?", ["Dual diagnosis"]),
        ("dual diagnosis meaning?", ["Dual diagnosis"]),
        ("what if someone gets too attached to iop and is scared to leave?", ["dependent"]),
        ("how would i know if iop is right for me?", ["healthcare professional"]),
        ("does iop work for alcohol problems?", ["addiction or substance abuse", "alcohol"]),
        ("who is iop not for?", ["not suitable"]),
        ("how long does it last, start to finish?", ["6-12 weeks", "90 days", "4-6 weeks"]),
        ("who is in charge of the medication part?", ["guidance of psychiatrists"]),
        ("does everyone get the same program?", ["tailored", "customized"]),
    ],
)
def test_everyday_wording_finds_the_article(bot: Bot, message: str, facts: list[str]) -> None:
    reply = bot.reply(message)
    assert_answer_has(reply, facts)


@pytest.mark.parametrize(
    ("first", "followup", "facts"),
    [
        ("do they do cbt in iop?", "what does that even do", ["negative thoughts", "cognitive"]),
        ("is iop cheaper than going inpatient?", "why is that", ["hospital stay", "overnight"]),
        ("is iop cheaper than a hospital program?", "how come?", ["hospital stay", "overnight"]),
    ],
)
def test_a_followup_with_no_words_of_its_own_is_about_the_topic(
    bot: Bot, first: str, followup: str, facts: list[str]
) -> None:
    reply = reply_after(bot, first, followup)
    assert_answer_has(reply, facts)


def test_terms_most_passages_share_are_not_a_topic(bot: Bot) -> None:
    assert bot.answerer.topic_terms(("iop", "treatment", "adolesc")) == ["adolesc"]


def test_followup_after_a_broad_question_answers_the_new_facet(bot: Bot) -> None:
    context = bot.reply("what is an intensive outpatient program?").context
    reply = bot.reply("how long does it usually take?", context)
    assert any(f in reply.answer for f in ["6-12 weeks", "nine hours per week", "90 days"])


@pytest.mark.parametrize(
    ("first", "followup", "facts"),
    [
        ("can i keep my job during iop?", "are there night sessions?", ["evening"]),
        ("what happens in group therapy?", "who runs it?", ["guided by a therapist", "facilitat"]),
    ],
)
def test_visitor_words_reach_the_article_words(
    bot: Bot, first: str, followup: str, facts: list[str]
) -> None:
    reply = reply_after(bot, first, followup)
    assert_answer_has(reply, facts)


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
    [
        "what is the phone number of the clinic in worcester",
        "what are the opening hours of the program in quincy",
        "how long is the waitlist right now",
        "can you book me an appointment",
    ],
)
def test_contact_details_and_bookings_are_declined_with_where_to_look(
    bot: Bot, message: str
) -> None:
    reply = bot.reply(message)
    assert reply.intent == "fallback"
    assert "833-773-2445" in reply.answer and "professional" in reply.answer


@pytest.mark.parametrize(
    "message",
    [
        "how much does the recovery center charge per week?",
        "what are the hours at the recovery center and do they take walk-ins?",
        "how much does iop cost per week?",
        "do they drug test you in iop",
        "will my boss find out im in treatment?",
        "what happens if i miss a session",
        "what are the iop rules in texas?",
        "are there programs like this in new york",
        "what are vermont's rules for iop?",
        "can i bring my emotional support dog to group?",
        "how many iops are there in massachusetts?",
        "what would i pay for iop on medicaid?",
        "will my teacher know im in iop?",
        "can the program write an excuse note for work?",
        "what time does the morning group begin at the worcester program?",
        "what does iop cost in actual dollars?",
        "do any programs have groups in portuguese?",
        "whats the minimum age for a teen iop?",
    ],
)
def test_named_program_prices_and_other_states_are_declined(bot: Bot, message: str) -> None:
    reply = bot.reply(message)
    assert reply.intent == "fallback"
    assert "professional" in reply.answer


@pytest.mark.parametrize(
    ("message", "says"),
    [
        ("could my boss fire me for going to iop?", "legal questions"),
        ("does iop count as fmla leave?", "legal questions"),
        ("im 17, can i consent to iop without my parents signing?", "legal questions"),
        ("my judge ordered treatment, will iop satisfy my probation?", "legal questions"),
        ("what is a partial hospitalization program?", "partial hospitalization"),
        ("would tms work better than iop for me?", "TMS"),
        ("whats the weather going to be in worcester tomorrow", "outside what I can help with"),
        ("can you write me a poem about spring", "outside what I can help with"),
        ("is a sober house better than iop?", "sober living"),
        ("what time is it?", "outside what I can help with"),
        ("can you recommend a good movie", "outside what I can help with"),
        ("how do i get a job", "outside what I can help with"),
        ("wheres the best clam chowder on the south shore?", "outside what I can help with"),
        ("could my boss legally fire me for doing iop?", "legal questions"),
        ("is it ok to take my xanax with a beer?", "medical advice"),
        ("how much does a week at that center in lowell cost?", "contact details"),
        ("whats a normal starting dose of suboxone?", "medical advice"),
        ("are there any open spots in a teen iop in lowell?", "contact details"),
        ("will iop show up on a background check?", "legal questions"),
        ("can you recommend a good iop near springfield?", "contact details"),
    ],
)
def test_legal_questions_and_other_kinds_of_care_are_declined(
    bot: Bot, message: str, says: str
) -> None:
    reply = bot.reply(message)
    assert reply.intent == "fallback"
    assert says in reply.answer and "professional" in reply.answer


@pytest.mark.parametrize(
    "message",
    ["will people in group judge me?", "can i keep my job while doing iop?"],
)
def test_everyday_words_near_legal_ones_are_still_answered(bot: Bot, message: str) -> None:
    assert bot.reply(message).intent == "answer"


@pytest.mark.parametrize(
    "message",
    ["do hospitals cost more than iop?", "is iop affordable?"],
)
def test_cost_comparisons_are_still_answered(bot: Bot, message: str) -> None:
    reply = bot.reply(message)
    assert reply.intent == "answer"
    assert "affordable" in reply.answer


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
    body = bot.answerer.extract(hit, bot.index.match(bot.index.query(message)), message)
    assert all(part in body for part in ("Individual Therapy", "Group Therapy", "Family Therapy"))
    single = "is there one on one therapy with a counselor"
    body = bot.answerer.extract(hit, bot.index.match(bot.index.query(single)), single)
    assert "One-on-one sessions" in body and "Family Therapy" not in body


def test_replies_are_short_with_one_source_and_a_one_sentence_pointer(bot: Bot) -> None:
    reply = bot.reply("how long does iop last?")
    source = next(p for p in reply.answer.split("\n\n") if p.startswith("Source:"))
    assert ";" not in source and "section" not in source
    assert bot.messages["professional_pointer"].count(". ") == 0


def test_suggestions_never_rephrase_the_question_just_answered(bot: Bot) -> None:
    reply = bot.reply("how long does iop last?")
    assert reply.intent == "answer"
    assert not any(re.search(r"how (long|many weeks)", s, re.I) for s in reply.suggestions)


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


def test_the_matcher_finds_misspelt_questions_retrieval_alone_misses(bot: Bot) -> None:
    reply = bot.reply("veteren progams for ptsd")
    assert_answer_has(reply, ["Veterans IOPs", "veterans"])


def test_explain_names_the_handler_the_decision_and_the_candidates(bot: Bot) -> None:
    lines = bot.explain("how long does iop last?")
    assert lines[0] == "handler: KnowledgeHandler"
    assert lines[1].startswith("decision: answer")
    assert any("fused" in line and "matcher" in line for line in lines)
    assert bot.explain("hi")[0].startswith("handler: SmallTalkHandler")
