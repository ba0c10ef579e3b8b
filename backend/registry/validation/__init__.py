"""Validation and security scan of an uploaded ONNX model: static checks here, the session in a sandbox."""
