"""Git history: the only layer that touches git (GitPython, imported lazily)."""
