"""Thin adapters that run the same ``Pipeline`` inside other people's data pipelines.

No pass logic lives here: each adapter turns its host's record into a string,
runs ``Pipeline.run`` and turns the ``Result`` back into the host's shape.
"""
