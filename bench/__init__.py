"""Benchmarks for iop-faq: `python -m bench --help`. Kept apart from the test suite."""
