"""A GraphQL client the way a notebook or the web app calls the API: plain HTTP with a bearer token."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx


@dataclass
class Response:
    status: int
    body: dict[str, Any]
    headers: httpx.Headers

    @property
    def data(self) -> dict[str, Any] | None:
        return self.body.get("data")

    @property
    def codes(self) -> list[str]:
        return [e.get("extensions", {}).get("code") for e in self.body.get("errors") or []]

    def ok(self) -> dict[str, Any]:
        assert not self.body.get("errors"), self.body
        assert self.status == 200, self.status
        return self.body["data"]


class GraphQLClient:
    def __init__(self, base_url: str, token: str | None) -> None:
        self.base_url = base_url
        self.token = token

    def headers(self) -> dict[str, str]:
        headers = {"accept": "application/graphql-response+json"}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        return headers

    async def execute(self, query: str, variables: dict[str, Any] | None = None, **extra: Any) -> Response:
        async with httpx.AsyncClient(base_url=self.base_url, timeout=30) as http:
            answer = await http.post(
                "/graphql", json={"query": query, "variables": variables or {}, **extra}, headers=self.headers()
            )
        return Response(answer.status_code, answer.json(), answer.headers)
