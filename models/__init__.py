"""The models shipped with the package, installed as ``sentiment.models``.

Each sub-folder is one model (``finsent-minilm``: ``config.json``, ``model.safetensors``,
``tokenizer.json``, ``model.onnx`` and its card). The folder stays at the top of the
repository; ``pyproject.toml`` maps it into the package, so an editable install, a plain
``pip install .`` and a wheel all find it through :mod:`importlib.resources`.
"""
