"""Erasure and correction: the engine that reads the registry, and the request services."""
