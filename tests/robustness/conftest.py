"""Robustness tests: hostile files, fuzzed importers, an import killed mid-way.

The hypothesis profile (derandomized under ``CI``) is set for the whole suite in
``tests/conftest.py``.
"""
