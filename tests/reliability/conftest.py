"""Fixtures of the reliability tests: the fake Google of the Google tests, and their guard that
keeps every test off the network."""

from tests.google.conftest import fake, no_network

__all__ = ["fake", "no_network"]
