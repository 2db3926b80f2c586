"""The engine of a municipality's SNS policy site, a MkDocs plugin: checks, generated pages and commands.

The modules stand in packages (ARCHITECTURE.md is the map). A few base modules shared by all stay at
the top of the package (:data:`BASE`); every other module belongs to one package, and the packages
stand in layers (:data:`LAYERS`, from the ground up). The generic machinery stands at the bottom
(``sources``, ``content``, ``history``, ``finish``); above it, one package per capability
(:data:`CAPABILITIES`: plans, playbooks, 新旧対照表, PDF editions, search, the accessibility report),
each built of the same rooms (:data:`ROOMS`); then the build's own steps (``pipeline``).

A module may import the base modules, the modules of its own package and the packages of lower
layers; a base module imports only base modules. ``plugin.py``, which MkDocs loads, shares the top
layer with ``commands``, and neither imports the other. No import runs in a circle, function-level
imports included. Inside a capability package, a room imports only the rooms before it in
:data:`ROOMS`. Two rooms stand outside their package's layer: a capability's ``model`` (its sources
read into values; it imports only base modules and ``sources``) stands just above ``sources``, so
the generic machinery may read it (the rule markers list the plans, the order of calls reads the
playbooks); its ``cli`` (its commands) stands in the top layer with ``commands``, so nothing the
build runs imports a command. ``tests/test_architecture.py`` holds every import to these rules.
"""

# Shared by every layer; they import only each other.
BASE = ("site", "problems", "datafiles", "dates", "kept", "config")

# One package per capability, each owning its feature from its sources to its commands.
CAPABILITIES = ("plans", "playbooks", "amendments", "editions", "search", "a11y")

# The rooms a capability package may have (a module, or a package of modules, of that name), in the
# order they may import each other: its sources read into values; what refuses bad input; the
# Markdown/HTML parts pages show; what the build's steps call (generated files); its commands.
ROOMS = ("model", "checks", "render", "build", "cli")

# From the ground up; names in one tuple share a layer and may not import each other.
LAYERS = (("sources",), ("content",), ("history",), ("finish",), CAPABILITIES, ("pipeline",), ("plugin", "commands"))
