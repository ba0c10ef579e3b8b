"""The API serves the built web app: files as they are, index.html for the router's own paths."""

from __future__ import annotations

from pathlib import Path

import httpx
from starlette.applications import Starlette

from backend.api.app import _web_app


def _client(dist: Path, *, build: bool = True) -> httpx.AsyncClient:
    if build:
        (dist / "assets").mkdir(parents=True)
        (dist / "index.html").write_text("<!doctype html><div id=root></div>")
        (dist / "assets" / "app-1234.js").write_text("console.log('app')")
    app = Starlette(routes=[_web_app(dist)])
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://web")


async def test_router_paths_get_index_html_and_are_not_cached(tmp_path: Path) -> None:
    async with _client(tmp_path / "dist") as client:
        for path in ("/", "/models/TW9kZWw6MQ", "/audit?action=user.created"):
            answer = await client.get(path)
            assert answer.status_code == 200, path
            assert "id=root" in answer.text
            assert answer.headers["cache-control"] == "no-cache"


async def test_hashed_assets_are_cached_and_missing_files_stay_404(tmp_path: Path) -> None:
    async with _client(tmp_path / "dist") as client:
        asset = await client.get("/assets/app-1234.js")
        assert asset.status_code == 200
        assert "immutable" in asset.headers["cache-control"]
        assert (await client.get("/assets/gone-9999.js")).status_code == 404


async def test_without_a_build_the_root_explains_itself(tmp_path: Path) -> None:
    async with _client(tmp_path / "nothing", build=False) as client:
        answer = await client.get("/")
    assert answer.status_code == 200
    assert "has not been built" in answer.text
