import os
import sys

# Real Keras 3 runs on the torch backend in every test process.
os.environ.setdefault("KERAS_BACKEND", "torch")
# No .layerlint_cache in the folders tests check (tests/test_jobs_cache.py turns it on).
os.environ.setdefault("LAYERLINT_NO_CACHE", "1")
sys.path.insert(0, os.path.dirname(__file__))
