"""The export's spool: the upload reads what the COPY writes, in order, while it is written."""

from __future__ import annotations

import asyncio
import tempfile

import pytest

from backend.assets.export_job import _READ_BYTES, _Spool, _UploadStoppedError


async def _drain(spool: _Spool, into: list[bytes]) -> None:
    async for chunk in spool.chunks():
        into.append(chunk)


async def test_the_reader_gets_every_byte_in_order_while_the_writer_is_still_writing() -> None:
    with tempfile.TemporaryFile() as file:
        spool = _Spool(file)
        got: list[bytes] = []
        reader = asyncio.create_task(_drain(spool, got))
        written = b""
        for i in range(300):  # 300 odd-sized COPY chunks, ~3 MiB, the reader running behind them
            chunk = bytes([i % 251]) * (10_007 + i)
            spool.write(chunk)
            written += chunk
            if i % 50 == 0:
                await asyncio.sleep(0)
        await asyncio.sleep(0.05)
        assert got and not reader.done(), "whole reads should go out before the COPY ends"
        assert all(len(c) == _READ_BYTES for c in got)
        spool.finish()
        await asyncio.wait_for(reader, 5)
    assert b"".join(got) == written


async def test_an_empty_copy_ends_the_reader_with_nothing() -> None:
    with tempfile.TemporaryFile() as file:
        spool = _Spool(file)
        got: list[bytes] = []
        reader = asyncio.create_task(_drain(spool, got))
        await asyncio.sleep(0)
        spool.finish()
        await asyncio.wait_for(reader, 5)
    assert got == []


async def test_a_failed_upload_stops_the_copy_at_its_next_chunk() -> None:
    with tempfile.TemporaryFile() as file:
        spool = _Spool(file)
        spool.write(b"tag,ts,value,quality\n")
        spool.upload_failed = True
        with pytest.raises(_UploadStoppedError):
            spool.write(b"a,2026-03-01 05:17:23+00,1.5,0\n")
