"""The .pyi stubs declare every public name of the package's modules."""

import ast
import pathlib

import pytest

import brownfield
import brownfield._brownfield
import brownfield.json
import brownfield.logs

PKG = pathlib.Path(brownfield.__file__).parent


def stub_names(module_name):
    tree = ast.parse((PKG / f"{module_name}.pyi").read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom):
            # Only explicit re-exports (`import x as x`), as type checkers read them.
            names.update(a.asname for a in node.names if a.asname)
    return names


@pytest.mark.parametrize(
    "module,stub",
    [(brownfield.json, "json"), (brownfield.logs, "logs"), (brownfield, "__init__")],
)
def test_stubs_cover_all(module, stub):
    names = stub_names(stub)
    assert set(module.__all__) <= names
    for name in names - {"__all__"}:
        if not name.startswith("_") or name == "__version__":
            assert hasattr(module, name), name


def test_native_stub_covers_native_functions():
    names = stub_names("_brownfield")
    native = {n for n in dir(brownfield._brownfield) if not n.startswith("_")}
    assert native <= names
