"""Tools behind the Ishinomaki SNS policy site: validation, generated pages and checks.

Each module covers one concern; ``hooks.py`` wires them into MkDocs and stays thin.
"""
