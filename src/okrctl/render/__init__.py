"""Rendering of result models: terminal, JSON, Markdown, HTML, GitHub annotations."""
