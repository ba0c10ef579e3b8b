"""Per-request DataLoaders of the assets area: tags of many assets, assets and tags by id, in one query each."""

from __future__ import annotations

import uuid

from strawberry.dataloader import DataLoader

from backend.assets import repository
from backend.assets.models import Asset, Tag
from backend.kit.db import SessionSource


class AssetsLoaders:
    def __init__(self, session: SessionSource) -> None:
        async def tags_of(ids: list[uuid.UUID]) -> list[list[Tag]]:
            found = await repository.tags_of_assets(session(), ids)
            return [found.get(i, []) for i in ids]

        async def assets(ids: list[uuid.UUID]) -> list[Asset | None]:
            found = await repository.get_assets(session(), ids)
            return [found.get(i) for i in ids]

        async def tags(ids: list[uuid.UUID]) -> list[Tag | None]:
            found = await repository.get_tags_by_id(session(), ids)
            return [found.get(i) for i in ids]

        self.tags_of_asset = DataLoader[uuid.UUID, list[Tag]](load_fn=tags_of)
        self.asset = DataLoader[uuid.UUID, Asset | None](load_fn=assets)
        self.tag = DataLoader[uuid.UUID, Tag | None](load_fn=tags)
