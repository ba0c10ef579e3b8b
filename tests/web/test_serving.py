"""The API serves the built web app: files as they are, index.html for the router's own paths."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.testclient import TestClient

from backend.api.app import _web_app


def _client(dist: Path) -> TestClient:
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><div id=root></div>")
    (dist / "assets" / "app-1234.js").write_text("console.log('app')")
    return TestClient(Starlette(routes=[_web_app(dist)]))


def test_router_paths_get_index_html_and_are_not_cached(tmp_path: Path) -> None:
    client = _client(tmp_path / "dist")
    for path in ("/", "/models/TW9kZWw6MQ", "/audit?action=user.create"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert "id=root" in answer.text
        assert answer.headers["cache-control"] == "no-cache"


def test_hashed_assets_are_cached_and_missing_files_stay_404(tmp_path: Path) -> None:
    client = _client(tmp_path / "dist")
    asset = client.get("/assets/app-1234.js")
    assert asset.status_code == 200
    assert "immutable" in asset.headers["cache-control"]
    assert client.get("/assets/gone-9999.js").status_code == 404


def test_without_a_build_the_root_explains_itself(tmp_path: Path) -> None:
    client = TestClient(Starlette(routes=[_web_app(tmp_path / "nothing")]))
    answer = client.get("/")
    assert answer.status_code == 200
    assert "has not been built" in answer.text
