"""What a project holds, for the listing commands: its units as a tree, its documents
with the units each is built for."""

from __future__ import annotations

from .config import DocumentSpec, Project
from .model import Unit


def unit_tree(project: Project) -> list[tuple[int, Unit]]:
    """Every unit with its depth (0 for a root), each after its parent, children in the
    order of the config."""
    out: list[tuple[int, Unit]] = []

    def visit(code: str, depth: int) -> None:
        unit = project.units[code]
        out.append((depth, unit))
        for child in unit.children:
            visit(child, depth + 1)

    for root in project.roots():
        visit(root.code, 0)
    return out


def document_units(project: Project) -> list[tuple[DocumentSpec, list[Unit]]]:
    """Every document of the project with the units it is built for."""
    return [(spec, project.select_units(spec.units)) for spec in project.documents]
