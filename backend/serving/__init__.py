"""The model server: Open Inference Protocol v2 over onnxruntime (`slipway serve`)."""
