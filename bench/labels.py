"""Labeling: saves per second of a 256x256x64 mask next to a direct S3 put of the same bytes, and
P95 of `case(id)` with presigned URLs at 20 concurrent clients next to the `me` query."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

import httpx

from backend.config import Settings
from backend.labels.phantoms import edited, nifti_bytes, phantom
from backend.storage.s3 import ObjectStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as a script or with -m alike
from bench.stack import bench_stack

SHAPE = (256, 256, 64)
CREATE = (
    'mutation C($image: Upload!, $mask: Upload) { createCase(title: "bench", image: $image, mask: $mask) '
    "{ id currentLabel { id } } }"
)
SAVE = (
    "mutation S($caseId: ID!, $mask: Upload!, $base: ID, $key: String!) { saveLabel(caseId: $caseId, mask: $mask, "
    "baseLabelId: $base, idempotencyKey: $key) { replayed label { id } } }"
)
CASE = (
    "query Case($id: ID!) { case(id: $id) { id title status artifacts { kind url sizeBytes sha256 } "
    "labels { id version createdAt author { email } mask { url } } } }"
)
ME = "query Me { me { email role tenant { slug } } }"


async def graphql_upload(
    http: httpx.AsyncClient, url: str, token: str, query: str, variables: dict, files: dict[str, bytes]
) -> dict:
    names = list(files)
    form = {
        "operations": json.dumps({"query": query, "variables": {**variables, **dict.fromkeys(names)}}),
        "map": json.dumps({str(i): [f"variables.{n}"] for i, n in enumerate(names)}),
    }
    parts = {str(i): (f"{n}.nii.gz", files[n], "application/octet-stream") for i, n in enumerate(names)}
    answer = await http.post(f"{url}/graphql", data=form, files=parts, headers={"authorization": f"Bearer {token}"})
    body = answer.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return body["data"]


async def save_chain(
    http: httpx.AsyncClient, url: str, token: str, case: dict, masks: list[bytes], count: int
) -> float:
    """`count` saves one after another on one case, each on top of the last; returns seconds."""
    base = case["currentLabel"]["id"]
    started = time.perf_counter()
    for i in range(count):
        data = await graphql_upload(
            http,
            url,
            token,
            SAVE,
            {"caseId": case["id"], "base": base, "key": str(uuid.uuid4())},
            {"mask": masks[i % len(masks)]},
        )
        base = data["saveLabel"]["label"]["id"]
    return time.perf_counter() - started


async def put_chain(store: ObjectStore, masks: list[bytes], count: int) -> float:
    started = time.perf_counter()
    for i in range(count):
        await store.client.put_object(Bucket=store.bucket, Key=f"bench/put/{uuid.uuid4()}", Body=masks[i % len(masks)])
    return time.perf_counter() - started


async def latencies(url: str, token: str, body: dict, clients: int, requests: int) -> list[float]:
    remaining, seen = requests, []

    async def worker(http: httpx.AsyncClient) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            answer = await http.post(f"{url}/graphql", json=body, headers={"authorization": f"Bearer {token}"})
            seen.append(time.perf_counter() - started)
            if answer.status_code != 200 or answer.json().get("errors"):
                raise RuntimeError(answer.text[:300])

    async with contextlib.AsyncExitStack() as exits:
        pool = [
            await exits.enter_async_context(httpx.AsyncClient(limits=httpx.Limits(max_connections=1), timeout=60))
            for _ in range(clients)
        ]
        await asyncio.gather(*(worker(http) for http in pool))
    return seen


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


async def run(url: str, settings: Settings, token: str, args: argparse.Namespace) -> None:
    ph = phantom(SHAPE, seed=7)
    forms = {"nii.gz": lambda a: nifti_bytes(a, ph.affine), "nii": lambda a: nifti_bytes(a, ph.affine, gz=False)}
    store = ObjectStore(settings)
    await store.open()
    try:
        async with httpx.AsyncClient(timeout=120) as http:
            print(
                f"saves of a {'x'.join(map(str, SHAPE))} uint8 mask, {args.saves} in a row per form, "
                f"after {args.warmup} warm-up; python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n"
            )
            print(f"{'form':<8}{'bytes':>10}{'saves/s':>10}{'S3 puts/s':>11}{'save/put':>10}{'ms/save':>10}")
            for name, encode in forms.items():
                masks = [encode(edited(ph.mask, step=s)) for s in range(4)]
                case = (
                    await graphql_upload(
                        http, url, token, CREATE, {}, {"image": nifti_bytes(ph.image, ph.affine), "mask": masks[0]}
                    )
                )["createCase"]
                await save_chain(http, url, token, case, masks, args.warmup)
                case = await current(http, url, token, case["id"])
                await put_chain(store, masks, args.warmup)
                # A-B-B-A halves, so drift on the machine hits both sides alike.
                half = args.saves // 2
                save_s = await save_chain(http, url, token, case, masks, half)
                put_s = await put_chain(store, masks, half)
                put_s += await put_chain(store, masks, half)
                save_s += await save_chain(http, url, token, await current(http, url, token, case["id"]), masks, half)
                saves, puts = 2 * half / save_s, 2 * half / put_s
                print(
                    f"{name:<8}{len(masks[0]):>10,}{saves:>10.1f}{puts:>11.1f}{saves / puts:>9.2f}x"
                    f"{1000 / saves:>10.1f}"
                )
            small = (
                await graphql_upload(
                    http,
                    url,
                    token,
                    CREATE,
                    {},
                    {"image": nifti_bytes(ph.image, ph.affine), "mask": nifti_bytes(ph.mask, ph.affine)},
                )
            )["createCase"]
            await save_chain(http, url, token, small, [nifti_bytes(edited(ph.mask, step=1), ph.affine)], 1)
    finally:
        await store.close()
    case_body = {"query": CASE, "variables": {"id": small["id"]}}
    me_body = {"query": ME}
    for body in (case_body, me_body):
        await latencies(url, token, body, args.clients, args.warmup * 5)
    found: dict[str, list[float]] = {"case(id)": [], "me": []}
    half = args.requests // 2
    for name, body in (("case(id)", case_body), ("me", me_body), ("me", me_body), ("case(id)", case_body)):
        found[name] += await latencies(url, token, body, args.clients, half)
    print(f"\n{args.requests} requests each at {args.clients} clients (case with 2 versions: 4 presigned URLs)\n")
    print(f"{'query':<10}{'p50 ms':>10}{'p95 ms':>10}")
    for name, values in found.items():
        print(f"{name:<10}{pct(values, 50):>10.2f}{pct(values, 95):>10.2f}")
    ratio = pct(found["case(id)"], 95) / pct(found["me"], 95)
    print(f"{'case/me':<10}{pct(found['case(id)'], 50) / pct(found['me'], 50):>9.2f}x{ratio:>9.2f}x")


async def current(http: httpx.AsyncClient, url: str, token: str, case_id: str) -> dict:
    answer = await http.post(
        f"{url}/graphql",
        headers={"authorization": f"Bearer {token}"},
        json={"query": "query Q($id: ID!) { case(id: $id) { id currentLabel { id } } }", "variables": {"id": case_id}},
    )
    return answer.json()["data"]["case"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=40, help="Measured saves (and S3 puts) per mask form.")
    parser.add_argument("--warmup", type=int, default=4, help="Unmeasured saves first.")
    parser.add_argument("--clients", type=int, default=20, help="Concurrent clients of the case(id) query.")
    parser.add_argument("--requests", type=int, default=1000, help="Measured case(id) and me queries each.")
    args = parser.parse_args()
    with bench_stack("labels") as stack:
        url = stack.start_api()
        asyncio.run(run(url, stack.settings, stack.sign_in(url), args))
        return 0


if __name__ == "__main__":
    sys.exit(main())
