"""Helpers shared by tests (plain functions and constants; fixtures live in conftest.py files)."""
