"""POST /api/chat and GET /api/health."""

from __future__ import annotations

from flask.testing import FlaskClient

REPLY_KEYS = {"answer", "body", "intent", "confidence", "sources", "suggestions", "context"}


def chat(client: FlaskClient, message: str, context: dict | None = None) -> dict:
    body: dict = {"message": message}
    if context is not None:
        body["context"] = context
    response = client.post("/api/chat", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_chat_answers_with_the_reply_contract(client: FlaskClient) -> None:
    reply = chat(client, "how long does IOP last?")
    assert set(reply) == REPLY_KEYS
    assert reply["intent"] == "answer"
    assert "weeks" in reply["answer"]
    assert "professional" in reply["answer"]
    assert reply["sources"] and reply["sources"][0]["title"]


def test_chat_reply_is_the_bot_reply(client: FlaskClient, bot) -> None:
    assert chat(client, "what is an IOP?") == bot.reply("what is an IOP?").to_dict()


def test_follow_up_sends_the_context_back(client: FlaskClient, bot) -> None:
    first = chat(client, "how long does IOP last?")
    second = chat(client, "is there one for teens?", first["context"])
    expected = bot.reply("is there one for teens?", first["context"]).to_dict()
    assert second == expected
    assert second["context"]["turn"] == first["context"]["turn"] + 1


def test_picks_and_requests_for_more_carry_their_context_over_http(
    client: FlaskClient, bot, unsure_message: str
) -> None:
    # The context a reply sends (offered questions, sentences shown) comes back as JSON and
    # is read as the bot itself would read it.
    clarified = chat(client, unsure_message)
    assert clarified["context"]["offered"]
    picked = chat(client, "the second one", clarified["context"])
    assert picked == bot.reply("the second one", clarified["context"]).to_dict()
    assert picked["intent"] == "answer"
    more = chat(client, "tell me more", picked["context"])
    assert more == bot.reply("tell me more", picked["context"]).to_dict()
    assert more["body"] != picked["body"]


def test_crisis_message_gets_the_crisis_lines(client: FlaskClient) -> None:
    reply = chat(client, "i want to kill myself")
    assert reply["intent"] == "crisis"
    assert "988" in reply["answer"] and "911" in reply["answer"]
    assert any("988" in source["heading"] for source in reply["sources"])


def test_null_context_starts_a_conversation(client: FlaskClient) -> None:
    response = client.post("/api/chat", json={"message": "hello", "context": None})
    assert response.status_code == 200
    assert response.get_json()["context"]["turn"] == 1


def test_replies_are_not_cached(client: FlaskClient) -> None:
    response = client.post("/api/chat", json={"message": "hello"})
    assert response.headers["Cache-Control"] == "no-store"


def test_health_reports_the_index(client: FlaskClient, index) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    health = response.get_json()
    assert health["status"] == "ok"
    assert health["passages"] == len(index.passages)
    assert health["index_version"] == index.describe()["format_version"]
    assert health["built_at"] == index.metadata["built_at"]
    assert index.fingerprint.startswith(health["fingerprint"])


def test_health_does_not_reveal_server_paths(client: FlaskClient) -> None:
    health = client.get("/api/health").get_json()
    assert not {"sources_dir", "data_dir", "files", "python"} & set(health)
