"""The engine of a municipality's SNS policy site, a MkDocs plugin: checks, generated pages and commands.

The modules stand in packages by concern (ARCHITECTURE.md is the map). A few base modules shared by
all stay at the top of the package (:data:`BASE`); every other module belongs to one package, and
the packages stand in layers (:data:`LAYERS`, from the ground up). A module may import the base
modules, the modules of its own package and the packages of lower layers; a base module imports
only base modules. ``plugin.py``, which MkDocs loads, shares the top layer with ``commands``, and
neither imports the other. No import runs in a circle, function-level imports included.
``tests/test_architecture.py`` holds every import to these rules.
"""

# Shared by every layer; they import only each other.
BASE = ("site", "problems", "datafiles", "dates", "kept", "config")

# From the ground up; names in one tuple share a layer and may not import each other.
LAYERS = (("sources",), ("content",), ("history",), ("finish",), ("pipeline",), ("plugin", "commands"))
