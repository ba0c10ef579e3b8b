#!/usr/bin/env python
"""From a pump's history to a model waiting for approval, with stock gql, pandas and scikit-learn.

With `make run` going in another terminal: `.venv/bin/python examples/notebook_flow.py` (see --help).
The `# %%` lines are the cells of notebook_flow.ipynb, which `examples/build_notebook.py` makes from
this file (a test fails when the two differ): edit this file, then rebuild the notebook.
"""

# %% [markdown]
# # From history to a model waiting for approval
#
# Sign in, export an asset's raw history as CSV, label each minute with the asset's recorded
# failure episodes, train a scikit-learn classifier, convert it to ONNX, upload it, watch
# validation live, fill in the model card and submit the version for approval.
#
# Settings come from the environment (`SLIPWAY_URL`, `SLIPWAY_EMAIL`, `SLIPWAY_PASSWORD` or
# `SLIPWAY_TOKEN`, `SLIPWAY_ASSET`, `SLIPWAY_DAYS`, `SLIPWAY_TO`, `SLIPWAY_MODEL_NAME`,
# `SLIPWAY_WORKDIR`) or the command line; the defaults fit `make run`'s demo data.

# %%
import argparse
import asyncio
import concurrent.futures
import hashlib
import json
import os
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import numpy as np
import onnxruntime
import pandas as pd
from gql import Client, FileVar, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXTransport
from gql.transport.websockets import WebsocketsTransport
from graphql import DocumentNode, OperationDefinitionNode, parse
from skl2onnx import to_onnx
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import classification_report, f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import train_test_split

parser = argparse.ArgumentParser(description="Train a failure classifier on an asset's history and submit it.")
parser.add_argument("--url", default=os.environ.get("SLIPWAY_URL", "http://127.0.0.1:8000"), help="the API")
parser.add_argument("--email", default=os.environ.get("SLIPWAY_EMAIL", "ds@demo"))
parser.add_argument("--password", default=os.environ.get("SLIPWAY_PASSWORD", "slipway"))
parser.add_argument(
    "--token",
    default=os.environ.get("SLIPWAY_TOKEN"),
    help="an access token instead of email and password (e.g. from your OIDC provider)",
)
parser.add_argument("--asset", default=os.environ.get("SLIPWAY_ASSET", "P-101"), help="asset name")
parser.add_argument(
    "--days",
    type=float,
    default=float(os.environ.get("SLIPWAY_DAYS", "7")),
    help="length of the history range, ending at --to",
)
parser.add_argument("--to", default=os.environ.get("SLIPWAY_TO"), help="end of the range, ISO 8601 (default: now)")
parser.add_argument(
    "--model-name",
    default=os.environ.get("SLIPWAY_MODEL_NAME"),
    help="registered model to add a version to (default: <asset>-bearing-failure)",
)
parser.add_argument(
    "--workdir",
    type=Path,
    default=os.environ.get("SLIPWAY_WORKDIR", Path(tempfile.gettempdir()) / "slipway-notebook"),
    help="where the CSV and the .onnx file are kept",
)
parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for the export and validation")
# Inside Jupyter sys.argv holds the kernel's own options: keep only ours.
args, _ = parser.parse_known_args()

end = datetime.fromisoformat(args.to) if args.to else datetime.now(UTC).replace(second=0, microsecond=0)
end = end if end.tzinfo else end.replace(tzinfo=UTC)
start = end - timedelta(days=args.days)
args.workdir.mkdir(parents=True, exist_ok=True)
GRAPHQL_URL = args.url.rstrip("/") + "/graphql"
WEBSOCKET_URL = GRAPHQL_URL.replace("http://", "ws://", 1).replace("https://", "wss://", 1)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


# %% [markdown]
# ## Sign in
# `POST /auth/token` trades email and password for a bearer token (an OAuth2 password grant).
# With an OIDC provider configured, get a token from the provider and pass it as `SLIPWAY_TOKEN`.

# %%
if args.token:
    token = args.token
else:
    try:
        answer = httpx.post(
            f"{args.url.rstrip('/')}/auth/token", timeout=30, data={"username": args.email, "password": args.password}
        )
    except httpx.TransportError as error:
        sys.exit(f"cannot reach Slipway at {args.url} ({error}): is `make run` up, or is --url wrong?")
    if answer.status_code != 200:
        sys.exit(f"sign-in failed ({answer.status_code}): {answer.json().get('error_description', answer.text)}")
    token = answer.json()["access_token"]


# %% [markdown]
# ## The GraphQL client
# The operations live in `graphql/operations/notebook/flow.graphql`, checked against the schema by
# the test suite. Queries, mutations and the upload go over HTTP; the two subscriptions over a
# websocket (`graphql-transport-ws`, the token in `connection_init`).


# %%
def find_up(relative: str) -> Path:
    """`relative` in this file's folder or above (in Jupyter: the working directory or above)."""
    here = Path(globals().get("__file__", "notebook")).resolve().parent
    for folder in (here, *here.parents):
        if (folder / relative).exists():
            return folder / relative
    sys.exit(f"{relative} not found above {here}: run this from a Slipway checkout")


OPERATIONS = {
    d.name.value: DocumentNode(definitions=(d,))
    for d in parse(find_up("graphql/operations/notebook/flow.graphql").read_text()).definitions
    if isinstance(d, OperationDefinitionNode)
}
client = Client(transport=HTTPXTransport(url=GRAPHQL_URL, headers={"Authorization": f"Bearer {token}"}, timeout=300))


def call(operation: str, upload_files: bool = False, **variables: object) -> dict:
    """Run one operation; a GraphQL error ends the flow with the server's message and code."""
    try:
        return client.execute(
            GraphQLRequest(OPERATIONS[operation], variable_values=variables), upload_files=upload_files
        )
    except TransportQueryError as error:
        reasons = "; ".join(f"{e.get('message')} ({e.get('extensions', {}).get('code')})" for e in error.errors or [])
        sys.exit(f"{operation} failed: {reasons or error}")


def run_async(coroutine):
    """asyncio.run, also inside Jupyter, whose own event loop already runs in this thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def follow(operation: str, done, **variables: object) -> dict:
    """Subscribe to `operation` and return the first update for which `done(update)` is true."""

    async def listen() -> dict:
        transport = WebsocketsTransport(
            url=WEBSOCKET_URL,
            subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
            init_payload={"Authorization": f"Bearer {token}"},
        )
        async with Client(transport=transport) as session, asyncio.timeout(args.timeout):
            async for update in session.subscribe(GraphQLRequest(OPERATIONS[operation], variable_values=variables)):
                if done(update):
                    return update
        sys.exit(f"{operation} ended before its final state")

    return run_async(listen())


me = call("NotebookViewer")["me"]
print(f"signed in as {me['email']} ({me['role']}) in tenant {me['tenant']['slug']}")

# %% [markdown]
# ## Pick the asset

# %%
found = [edge["node"] for edge in call("NotebookAsset", search=args.asset)["assets"]["edges"]]
asset = next((a for a in found if a["name"] == args.asset), None)
if asset is None:
    sys.exit(f"no asset named {args.asset!r}; assets matching it: {[a['name'] for a in found]}")
print(f"{asset['name']} ({asset['kind']}, {asset['site']}): tags {[t['name'] for t in asset['tags']]}")
print(f"range {iso(start)} .. {iso(end)}")

# %% [markdown]
# ## Export the raw history
# The export runs as a job on the server; `exportUpdated` pushes its progress and ends with a
# short-lived download link to the CSV (`asset,tag,unit,time,value,quality`, times in ISO 8601 UTC).

# %%
export = call(
    "NotebookExportHistory", assetId=asset["id"], to=iso(end), idempotencyKey=str(uuid.uuid4()), **{"from": iso(start)}
)["exportHistory"]


def export_finished(update: dict) -> bool:
    state = update["exportUpdated"]
    print(f"export {state['status']:<9} {state['progress']:4.0%} {state['rowCount'] or 0:>10,} rows")
    return state["status"] in ("SUCCEEDED", "FAILED")


export = follow("NotebookExportUpdated", export_finished, id=export["id"])["exportUpdated"]
if export["status"] != "SUCCEEDED":
    sys.exit(f"the export failed: {export['error']}")
download = httpx.get(export["downloadUrl"], timeout=600)
download.raise_for_status()
if hashlib.sha256(download.content).hexdigest() != export["sha256"]:
    sys.exit("the downloaded CSV does not match the export's sha256: download it again")
csv_path = args.workdir / f"{asset['name']}_{start:%Y%m%dT%H%M}_{end:%Y%m%dT%H%M}.csv"
csv_path.write_bytes(download.content)
print(f"{export['rowCount']:,} rows, {export['sizeBytes'] / 1e6:.1f} MB -> {csv_path}")

# %% [markdown]
# ## Per-minute features with pandas
# Readings the historian marked bad (quality 2) are dropped; each tag gives its mean, spread,
# minimum and maximum per minute.

# %%
samples = pd.read_csv(csv_path)
samples["time"] = pd.to_datetime(samples["time"], utc=True, format="ISO8601")
samples = samples[samples["quality"] < 2]
samples["minute"] = samples["time"].dt.floor("min")
features = samples.pivot_table(index="minute", columns="tag", values="value", aggfunc=["mean", "std", "min", "max"])
features.columns = [f"{tag}_{stat}" for stat, tag in features.columns]
features = features.sort_index(axis=1).dropna()
print(f"{len(features):,} minutes x {features.shape[1]} features")

# %% [markdown]
# ## Labels from the asset's failure episodes
# Each `bearing_failure` event spans the hours in which a bearing degrades and the pump trips;
# every minute inside one is a positive example.

# %%
events = call("NotebookEvents", assetId=asset["id"], to=iso(end), **{"from": iso(start)})["asset"]["events"]
episodes = [(pd.Timestamp(e["startsAt"]), pd.Timestamp(e["endsAt"])) for e in events if e["kind"] == "bearing_failure"]
labels = pd.Series(0, index=features.index, name="failure")
for began, ended in episodes:
    labels[(labels.index >= began.floor("min")) & (labels.index < ended)] = 1
print(f"{len(episodes)} failure episodes, {int(labels.sum()):,} of {len(labels):,} minutes labelled failure")
if labels.sum() < 10:
    sys.exit("too few failure minutes in the range to train on: widen it with --days or --to")

# %% [markdown]
# ## Train and evaluate a classifier

# %%
x = features.to_numpy(dtype=np.float32)
y = labels.to_numpy()
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.3, stratify=y, random_state=0)
classifier = RandomForestClassifier(n_estimators=50, max_depth=8, class_weight="balanced", random_state=0)
classifier.fit(x_train, y_train)
predicted = classifier.predict(x_test)
metrics = {
    "precision": round(float(precision_score(y_test, predicted)), 4),
    "recall": round(float(recall_score(y_test, predicted)), 4),
    "f1": round(float(f1_score(y_test, predicted)), 4),
    "roc_auc": round(float(roc_auc_score(y_test, classifier.predict_proba(x_test)[:, 1])), 4),
    "test_minutes": int(len(y_test)),
}
print(classification_report(y_test, predicted, target_names=["normal", "failure"]))

# %% [markdown]
# ## Convert to ONNX
# `zipmap: False` gives plain tensors (label, probabilities) that any ONNX runtime serves; the
# export id in the model's metadata ties the file to its training data. onnxruntime must answer
# as scikit-learn does before the file leaves this machine.

# %%
onnx_model = to_onnx(classifier, x[:1], options={"zipmap": False})
for key, value in {"slipway.export": export["id"], "slipway.features": json.dumps(list(features.columns))}.items():
    entry = onnx_model.metadata_props.add()
    entry.key, entry.value = key, value
onnx_bytes = onnx_model.SerializeToString()
session = onnxruntime.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
onnx_labels = session.run(None, {session.get_inputs()[0].name: x_test})[0]
agreement = float(np.mean(onnx_labels == predicted))
print(f"{len(onnx_bytes) / 1e3:.0f} kB; onnxruntime agrees with scikit-learn on {agreement:.2%} of the test minutes")
if agreement < 0.99:
    sys.exit("the ONNX model answers differently from the scikit-learn one: not uploading it")

# %% [markdown]
# ## Upload a new version
# The model is registered on first use; the upload is a GraphQL multipart request. The
# idempotency key is the file's hash, so running this cell again replays the first answer.

# %%
model_name = args.model_name or f"{asset['name'].lower()}-bearing-failure"
models = [edge["node"] for edge in call("NotebookModel", name=model_name)["models"]["edges"]]
model = next((m for m in models if m["name"] == model_name), None)
if model is None:
    model = call(
        "NotebookRegisterModel",
        name=model_name,
        tags=["notebook", asset["name"]],
        description=f"Flags minutes of {asset['name']} inside a bearing failure episode.",
    )["registerModel"]
onnx_path = args.workdir / f"{model_name}.onnx"
onnx_path.write_bytes(onnx_bytes)
sha256 = hashlib.sha256(onnx_bytes).hexdigest()
uploaded = call(
    "NotebookUploadModelVersion",
    upload_files=True,
    modelId=model["id"],
    file=FileVar(str(onnx_path), content_type="application/octet-stream"),
    description=f"Random forest on per-minute features of {asset['name']}, export {export['id']}.",
    metadata={"export": export["id"], "asset": asset["name"], "features": list(features.columns)},
    idempotencyKey=f"notebook-{sha256}",
    # Lineage: the version records the export it learned from (its rows and sha256 never change), and
    # the export cannot be deleted while the version exists.
    trainedOn={"exportIds": [export["id"]]},
)["uploadModelVersion"]
version = uploaded["version"]
print(f"{model_name} version {version['version']}: {version['status']}{' (replayed)' if uploaded['replayed'] else ''}")

# %% [markdown]
# ## Watch validation
# The worker checks the file (parse, ONNX checker, operators, a sandboxed session, a smoke
# inference and timed runs); `modelVersionUpdated` pushes each change.


# %%
def validation_finished(update: dict) -> bool:
    print(f"version {update['modelVersionUpdated']['version']}: {update['modelVersionUpdated']['status']}")
    return update["modelVersionUpdated"]["status"] != "VALIDATING"


version = follow("NotebookModelVersionUpdated", validation_finished, id=version["id"])["modelVersionUpdated"]
if version["status"] != "VALIDATED":
    for check in version["report"]:
        print(f"  {check['status']:<7} {check['name']}: {check['message']}")
    sys.exit(f"version {version['version']} is {version['status']}: see the report above")
card = version["card"]
print(
    f"inputs {card['inputs']}, outputs {[o['name'] for o in card['outputs']]}, "
    f"latency P50 {card['latencyP50Ms']:.2f} ms, P95 {card['latencyP95Ms']:.2f} ms"
)

# %% [markdown]
# ## Model card and approval
# The card records what the model is for and what it was trained on; an admin other than you
# approves or rejects the submitted version.

# %%
call(
    "NotebookUpdateModelCard",
    versionId=version["id"],
    input={
        "intendedUse": f"Flag minutes of {asset['name']} that look like a developing bearing failure.",
        "trainingData": f"History export {export['id']}: {asset['name']}, {iso(start)} to {iso(end)}, "
        f"{export['rowCount']} rows, sha256 {export['sha256']}.",
        "metrics": metrics,
        "limitations": f"Trained on {len(episodes)} failure episodes of one asset; per-minute features only.",
    },
)
request = call(
    "NotebookSubmitForApproval",
    versionId=version["id"],
    comment=f"F1 {metrics['f1']}, ROC AUC {metrics['roc_auc']} on held-out minutes.",
)["submitForApproval"]
print(
    f"{model_name} version {request['version']['version']} is {request['version']['status']}; "
    f"an admin decides at {args.url.rstrip('/')}/models/versions/{request['version']['id']}"
)
