"""The outage tests' TCP proxy really cuts and restores the path to a real server."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Servers
from tests.faults import TcpProxy


def reachable(url: str) -> bool:
    try:
        httpx.get(url, timeout=2)
    except httpx.TransportError:
        return False
    return True


def test_cut_refuses_and_restore_forwards_again(servers: Servers) -> None:
    with TcpProxy.in_front_of(servers.settings.s3_endpoint) as proxy:
        assert reachable(proxy.url)
        proxy.cut()
        assert not reachable(proxy.url)
        proxy.restore()
        assert reachable(proxy.url)


def test_cut_after_bytes_breaks_a_transfer_midway(servers: Servers) -> None:
    with TcpProxy.in_front_of(servers.settings.s3_endpoint) as proxy:
        proxy.cut_after_bytes(64 * 1024)
        with pytest.raises(httpx.TransportError):
            httpx.put(f"{proxy.url}/no-such-bucket/big", content=b"x" * (1024 * 1024), timeout=5)
        assert not reachable(proxy.url)
