"""The S3 client every process shares (aioboto3), configured from settings."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

import aioboto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from backend.config import Settings
from backend.kit.errors import Unavailable


class ObjectStore:
    """One long-lived aioboto3 client and the bucket all tenants share (keys start with the tenant)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.bucket = settings.s3_bucket
        self._stack = AsyncExitStack()
        self._client: Any = None

    async def open(self) -> None:
        session = aioboto3.Session(
            aws_access_key_id=self.settings.s3_access_key,
            aws_secret_access_key=self.settings.s3_secret_key,
            region_name=self.settings.s3_region,
        )
        config = Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"},
            connect_timeout=3,
            read_timeout=30,
            retries={"max_attempts": 2, "mode": "standard"},
        )
        self._client = await self._stack.enter_async_context(
            session.client("s3", endpoint_url=self.settings.s3_endpoint, config=config)
        )

    async def close(self) -> None:
        await self._stack.aclose()

    @property
    def client(self) -> Any:
        assert self._client is not None, "ObjectStore.open() was not awaited"
        return self._client

    async def ensure_bucket(self) -> None:
        try:
            await self.client.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
                raise
            await self.client.create_bucket(Bucket=self.bucket)

    async def download_url(self, key: str, *, ttl: int, filename: str) -> str:
        """A presigned GET of `key` for `ttl` seconds that saves as `filename` (signed locally, no S3 call)."""
        return await self.client.generate_presigned_url(
            "get_object", ExpiresIn=ttl,
            Params={"Bucket": self.bucket, "Key": key,
                    "ResponseContentDisposition": f'attachment; filename="{filename}"'})

    async def check(self) -> None:
        """Raise Unavailable unless the bucket answers."""
        try:
            await self.client.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError, OSError) as exc:
            raise Unavailable(f"S3 at {self.settings.s3_endpoint or 'AWS'} is unreachable: {exc}") from exc
