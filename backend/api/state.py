"""What the API process holds for its lifetime, built in the lifespan."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.api.admission import Admission
from backend.api.feeds import Feeds
from backend.api.websocket import OpenSockets
from backend.config import Settings
from backend.events.hub import EventHub
from backend.identity.signed_in import SignedIn
from backend.identity.tokens import Issuer, Verifier
from backend.storage.s3 import ObjectStore


@dataclass
class AppState:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    store: ObjectStore
    hub: EventHub
    issuer: Issuer
    verifier: Verifier
    sockets: OpenSockets
    feeds: Feeds
    admission: Admission
    signed_in: SignedIn
