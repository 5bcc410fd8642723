"""The facade used by the CLI and by other programs: plain functions returning results."""
