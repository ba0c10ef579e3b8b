"""Model upload through the API (multipart → S3 multipart) next to a direct aioboto3 upload of the same bytes.

Prints, per size: seconds and MB/s both ways, the ratio api/direct, and the API process's peak RSS
growth during the upload (sampled every 20 ms with psutil). Everything runs on this machine: the
embedded Postgres and SeaweedFS, the API as its own process, this script as the client.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
import time
from pathlib import Path

import aioboto3
import httpx
import psutil

from backend.config import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script or with -m alike
from bench.stack import bench_stack

UPLOAD = """mutation($file: Upload!, $name: String!) {
  uploadModelVersion(file: $file, modelName: $name, description: "bench") { version { sizeBytes sha256 } }
}"""
REGISTER = 'mutation($name: String!) { registerModel(name: $name, description: "bench") { id } }'


def make_file(path: Path, size: int) -> None:
    block = os.urandom(1 << 20)
    with path.open("wb") as out:
        for _ in range(size >> 20):
            out.write(block)
            block = block[1:] + block[:1]  # no two MiB alike, so nothing deduplicates


async def watch_rss(pid: int, stop: asyncio.Event) -> int:
    process, peak = psutil.Process(pid), 0
    while not stop.is_set():
        peak = max(peak, process.memory_info().rss)
        await asyncio.sleep(0.02)
    return peak


async def via_api(api_url: str, token: str, path: Path, pid: int) -> tuple[float, int]:
    headers = {"Authorization": f"Bearer {token}"}
    name = f"bench-{secrets.token_hex(4)}"
    async with httpx.AsyncClient(base_url=api_url, timeout=600, headers=headers) as http:
        (await http.post("/graphql", json={"query": REGISTER, "variables": {"name": name}})).raise_for_status()
        baseline = psutil.Process(pid).memory_info().rss
        stop = asyncio.Event()
        watcher = asyncio.create_task(watch_rss(pid, stop))
        started = time.perf_counter()
        with path.open("rb") as body:  # httpx streams a file part in chunks
            files = {
                "operations": (None, json.dumps({"query": UPLOAD, "variables": {"file": None, "name": name}})),
                "map": (None, json.dumps({"0": ["variables.file"]})),
                "0": ("model.onnx", body, "application/octet-stream"),
            }
            answer = await http.post("/graphql", files=files)
        elapsed = time.perf_counter() - started
        stop.set()
        peak = await watcher
    payload = answer.json()
    if answer.status_code != 200 or payload.get("errors"):
        raise RuntimeError(f"upload failed: {answer.status_code} {str(payload)[:500]}")
    return elapsed, peak - baseline


async def direct(settings: Settings, path: Path) -> float:
    session = aioboto3.Session(
        aws_access_key_id=settings.s3_access_key,
        aws_secret_access_key=settings.s3_secret_key,
        region_name=settings.s3_region,
    )
    async with session.client("s3", endpoint_url=settings.s3_endpoint) as client:
        started = time.perf_counter()
        with path.open("rb") as body:
            await client.upload_fileobj(body, settings.s3_bucket, f"bench/direct-{secrets.token_hex(4)}")
        return time.perf_counter() - started


async def measure(
    settings: Settings, api_url: str, token: str, pid: int, sizes: list[int], repeat: int, workdir: Path
) -> None:
    print(
        f"{'size':>9} {'api s':>7} {'api MB/s':>9} {'direct s':>9} {'direct MB/s':>12} {'ratio':>6} {'API RSS +MB':>12}"
    )
    for size in sizes:
        path = workdir / f"upload-{size}.bin"
        make_file(path, size)
        for _ in range(repeat):
            base = await direct(settings, path)
            api, grown = await via_api(api_url, token, path, pid)
            mb = size / 1e6
            print(
                f"{size >> 20:>6} MiB {api:>7.2f} {mb / api:>9.1f} {base:>9.2f} {mb / base:>12.1f} "
                f"{base / api:>6.2f} {grown / 2**20:>12.1f}",
                flush=True,
            )
        path.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1024", help="Comma-separated sizes in MiB.")
    parser.add_argument("--repeat", type=int, default=2, help="Runs per size.")
    args = parser.parse_args()
    sizes = [int(s) << 20 for s in args.sizes.split(",")]
    with bench_stack("upload") as stack:
        # Spooled uploads go to the stack's own directory, and leave with it.
        api_url = stack.start_api(TMPDIR=str(stack.workdir))
        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; direct = aioboto3 upload_fileobj "
            "(8 MiB parts, 10 threads) to the same SeaweedFS; ratio = direct s / api s\n"
        )
        asyncio.run(
            measure(stack.settings, api_url, stack.sign_in(api_url), stack.api_pid, sizes, args.repeat, stack.workdir)
        )
        return 0


if __name__ == "__main__":
    sys.exit(main())
