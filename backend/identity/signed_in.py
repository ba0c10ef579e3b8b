"""Bearer tokens this process resolved a moment ago, and whom they stand for.

Checking a token's signature and reading its user's row were half of a short query's work. Both answers
are kept per token for `SLIPWAY_AUTH_CACHE_SECONDS`: a token is immutable, and a user disabled or given
another role is seen within that time, the same bound open websockets have (`SLIPWAY_WS_CHECK_SECONDS`).
An expired token is refused from the cache as from the verifier. A personal access token revoked in this
process is forgotten at once (`forget`); other processes see it within the same bound.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from backend.identity.roles import Principal
from backend.identity.tokens import LEEWAY_SECONDS


class SignedIn:
    """At most `size` tokens, each trusted for `ttl` seconds after its user's row was read."""

    def __init__(self, *, ttl: float, size: int = 10_000) -> None:
        self._ttl = ttl
        self._size = size
        self._entries: OrderedDict[str, tuple[float, Principal]] = OrderedDict()

    def get(self, token: str) -> Principal | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        read_at, principal = entry
        now = time.monotonic()
        expired = principal.expires_at is not None and principal.expires_at + LEEWAY_SECONDS <= time.time()
        if now - read_at >= self._ttl or expired:
            # Stale, or past its lifetime: the caller verifies again (and an expired token is refused there).
            del self._entries[token]
            return None
        self._entries.move_to_end(token)
        return principal

    def put(self, token: str, principal: Principal) -> None:
        if self._ttl <= 0:
            return
        self._entries[token] = (time.monotonic(), principal)
        self._entries.move_to_end(token)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def forget(self, which: Callable[[Principal], bool]) -> int:
        """Drop the entries whose principal `which` picks (a credential revoked in this process); how many."""
        stale = [token for token, (_, principal) in self._entries.items() if which(principal)]
        for token in stale:
            del self._entries[token]
        return len(stale)

    def __len__(self) -> int:
        return len(self._entries)
