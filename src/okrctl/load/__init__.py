"""YAML files to models, keeping source positions for every finding."""
