"""Differential suite for PyTorch models: layerlint against a real forward pass (torch 2.13).

runner.py executes a script for real with module hooks; compare.py compares that with
layerlint's FileResult; generator.py writes random nn.Sequential scripts; scripts/ holds
hand-written ones. Run: python -m pytest -q tests/torch_differential
"""
