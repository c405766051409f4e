"""Benchmarks: `python -m benchmarks.emulator` (emulator throughput and start-up)."""
