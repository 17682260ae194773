"""The ceiling of the HTTP stack: a bare Flask app that echoes a JSON body back."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request


def create_app() -> Flask:
    """`POST /api/chat` returns its JSON body; `GET /api/health` says ok."""
    app = Flask(__name__)

    @app.post("/api/chat")
    def chat() -> Response:
        return jsonify(request.get_json())

    @app.get("/api/health")
    def health() -> Response:
        return jsonify({"status": "ok"})

    return app
