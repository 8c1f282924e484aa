"""Packaging: the feature packages, plus templates/, static/ and migrations/ carried inside.

Those folders sit at the top of the repository (see ../shared/STYLE.md); an installed wheel
carries them as ``dialogues/templates`` and so on, and ``dialogues.ROOT`` finds them either way.
"""

from pathlib import Path

from setuptools import find_packages, setup

CARRIED = ("templates", "static", "migrations")


def carried_packages(folder: str) -> dict[str, str]:
    """Every directory under ``folder`` as a data package: {package name: directory}."""
    top = Path(folder)
    directories = [top, *sorted(p for p in top.rglob("*") if p.is_dir())]
    return {
        ".".join(("dialogues", *directory.parts)): str(directory)
        for directory in directories
        if "__pycache__" not in directory.parts
    }


data_packages = {
    name: path for folder in CARRIED for name, path in carried_packages(folder).items()
}

setup(
    packages=[*find_packages(include=["dialogues", "dialogues.*"]), *data_packages],
    package_dir=data_packages,
    package_data={name: ["*"] for name in data_packages},
)
