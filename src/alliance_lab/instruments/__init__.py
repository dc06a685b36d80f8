"""Questionnaire definitions (data files), scoring and reliability."""
