"""Benchmarks run by hand (not by pytest); each script says how to run it."""
