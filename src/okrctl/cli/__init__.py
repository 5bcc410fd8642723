"""The command line: thin typer commands over `okrctl.api`."""
