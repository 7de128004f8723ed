"""Layers run one way: system → engines → studies → report → cli (docs/architecture in README).

Reads every module's imports (function-level imports included; `if TYPE_CHECKING:` blocks are
typing only and skipped) and checks each against the layers it may use.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "powerpact"

UTILITIES = {"io", "progress", "limits", "outputs_guard"}
ENGINES = {"dispatch", "adequacy", "gas", "economics"}
# What each layer may import besides itself and the utilities.
ALLOWED: dict[str, set[str]] = {
    "system": set(),
    "data": set(),
    **{engine: {"system"} for engine in ENGINES},
    "interop": {"system", "dispatch"},
    "studies": {"system", "interop", *ENGINES},
    "report": {"system", "studies", "interop", *ENGINES},
    "cli": {"system", "studies", "interop", "report", *ENGINES},
}


def _layer(module: str) -> str:
    """'powerpact.gas.drill' → 'gas'; the package root counts as the system layer it re-exports."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "system"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[str]:
    found: list[str] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "powerpact":
                found.extend(f"powerpact.{alias.name}" for alias in node.names)
            else:
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        stack.extend(ast.iter_child_nodes(node))
    return [name for name in found if name.split(".")[0] == "powerpact"]


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_layers_below(path: Path) -> None:
    layer = path.relative_to(PACKAGE).parts[0]
    allowed = ALLOWED[layer] | UTILITIES | {layer}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrong = [m for m in _imports(tree) if _layer(m) not in allowed and m != "powerpact.__version__"]
    assert not wrong, f"{path.relative_to(PACKAGE)} ({layer}) imports {wrong}"


def test_the_checker_sees_a_function_level_import() -> None:
    tree = ast.parse("def f():\n    from powerpact.dispatch import run\n")
    assert _imports(tree) == ["powerpact.dispatch"]


def test_every_package_has_a_layer() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages <= set(ALLOWED) | UTILITIES
