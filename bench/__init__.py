"""Benchmarks: ``python -m bench`` prints a table of ratios against baselines."""
