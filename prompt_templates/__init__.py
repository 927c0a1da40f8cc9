"""Jinja2 templates, shipped as package data so an installed copy finds them too."""
