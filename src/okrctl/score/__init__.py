"""Scoring: pure arithmetic over loaded models (progress, attainment, status)."""
