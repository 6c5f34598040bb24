"""Measurements of cleanse: accuracy on labelled sets and throughput (not timed tests)."""
