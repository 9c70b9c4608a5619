import os
import sys

# Real Keras 3 runs on the torch backend in every test process.
os.environ.setdefault("KERAS_BACKEND", "torch")
sys.path.insert(0, os.path.dirname(__file__))
