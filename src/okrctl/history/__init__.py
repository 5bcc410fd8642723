"""Git history: the only layer that touches git (plain git processes; GitPython, imported
lazily, for `checkin --commit`, `init` and why a folder has no usable repository)."""
