"""Presigned artifact URLs are reused for a while, and every copy handed out is good for the full ttl."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from backend.labels import storage


class SigningStore:
    """Counts signatures; the URL says what it was signed for."""

    def __init__(self) -> None:
        self.settings = SimpleNamespace(s3_endpoint="http://s3.test")
        self.bucket = "bucket"
        self.signed: list[int] = []

    async def download_url(self, key: str, *, ttl: int, filename: str) -> str:
        self.signed.append(ttl)
        return f"http://s3.test/bucket/{key}?X-Amz-Expires={ttl}&n={len(self.signed)}&f={filename}"


@pytest.fixture(autouse=True)
def empty_cache():
    storage._urls.clear()
    yield
    storage._urls.clear()


async def test_the_same_key_is_signed_once_within_the_reuse_window(monkeypatch) -> None:
    store = SigningStore()
    now = [1000.0]
    monkeypatch.setattr(storage.time, "monotonic", lambda: now[0])
    first = await storage.download_url(store, "t/cases/c/image.nii.gz", ttl=300, filename="image.nii.gz")  # type: ignore[arg-type]
    now[0] += 29.9
    again = await storage.download_url(store, "t/cases/c/image.nii.gz", ttl=300, filename="image.nii.gz")  # type: ignore[arg-type]
    assert again == first and store.signed == [330]  # signed for ttl + 30 s, so 300 s remain at the last reuse
    now[0] += 0.2
    later = await storage.download_url(store, "t/cases/c/image.nii.gz", ttl=300, filename="image.nii.gz")  # type: ignore[arg-type]
    assert later != first and store.signed == [330, 330]


async def test_another_key_filename_or_ttl_gets_its_own_signature() -> None:
    store = SigningStore()
    urls = {
        await storage.download_url(store, "a", ttl=300, filename="x"),  # type: ignore[arg-type]
        await storage.download_url(store, "b", ttl=300, filename="x"),  # type: ignore[arg-type]
        await storage.download_url(store, "a", ttl=300, filename="y"),  # type: ignore[arg-type]
        await storage.download_url(store, "a", ttl=600, filename="x"),  # type: ignore[arg-type]
    }
    assert len(urls) == 4 and store.signed == [330, 330, 330, 660]


async def test_a_ttl_too_short_to_share_is_signed_every_time() -> None:
    store = SigningStore()
    await storage.download_url(store, "a", ttl=5, filename="x")  # type: ignore[arg-type]
    await storage.download_url(store, "a", ttl=5, filename="x")  # type: ignore[arg-type]
    assert store.signed == [5, 5]
