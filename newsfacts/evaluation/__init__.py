"""Evaluation harness: compares extractor output with hand-made gold in ``tests/gold``."""
