"""Whole-script differential suite: layerlint against real Keras 3 (torch backend).

keras_runner.py runs a script in real Keras and reports models, layers and the first exception;
compare.py compares that with layerlint's FileResult; generator.py writes random scripts;
scripts/ holds hand-written ones. Run: python -m pytest -q tests/differential
"""
