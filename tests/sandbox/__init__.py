"""Tests of the local Gather sandbox and its building blocks."""
