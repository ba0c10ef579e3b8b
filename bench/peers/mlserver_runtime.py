"""An MLServer custom runtime around one onnxruntime session: MLServer's peer of `slipway serve`.

Imported by MLServer from .venv-peers (`make bench-peers`), never by Slipway. It does what Slipway's
model server does per request, the MLServer way: the Open Inference Protocol request decoded by
MLServer's NumpyCodec, `session.run` in a pool of as many threads as Slipway's model server uses (so
neither blocks its event loop and both run the same number of inferences at once), and the outputs
encoded back by the codec.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import onnxruntime as ort
from mlserver import MLModel
from mlserver.codecs import NumpyCodec
from mlserver.types import InferenceRequest, InferenceResponse


class OnnxRuntime(MLModel):
    async def load(self) -> bool:
        uri = self.settings.parameters.uri if self.settings.parameters else None
        if not uri:
            raise ValueError("model-settings.json needs parameters.uri, the .onnx file")
        self._session = ort.InferenceSession(uri, providers=["CPUExecutionProvider"])
        self._outputs = [o.name for o in self._session.get_outputs()]
        self._pool = ThreadPoolExecutor(int(os.environ.get("BENCH_SERVE_THREADS", "4")))
        return True

    async def predict(self, payload: InferenceRequest) -> InferenceResponse:
        feeds = {tensor.name: NumpyCodec.decode_input(tensor) for tensor in payload.inputs}
        results = await asyncio.get_running_loop().run_in_executor(self._pool, self._session.run, self._outputs, feeds)
        return InferenceResponse(
            model_name=self.name,
            outputs=[NumpyCodec.encode_output(name, value) for name, value in zip(self._outputs, results, strict=True)],
        )
