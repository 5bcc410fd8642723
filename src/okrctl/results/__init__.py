"""What the commands produce: frozen results that api builds and render shows.

Light on purpose (no pydantic, no yaml, no loader): the renderers and the CLI import these
modules alone, and render may import nothing else of okrctl but the model's light modules.
"""
