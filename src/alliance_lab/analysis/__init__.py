"""Analyses of simulated or collected alliance data: tidy tables in, tidy tables out."""
