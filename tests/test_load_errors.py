"""``load()`` of a package whose descriptor does not describe every table: the library's error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from creative_cities import load
from creative_cities.descriptor import DescriptorError, descriptor_text

from .test_invalid_corpus import CORPUS, build


def test_a_resource_without_a_name_is_the_librarys_error(tmp_path: Path) -> None:
    package = tmp_path / "package"
    build(CORPUS / "descriptor-profile", package)  # the themes resource's name is not text
    with pytest.raises(DescriptorError, match="no resource is named 'themes'"):
        load(package)


def test_a_missing_resource_is_the_librarys_error(package_copy: Path) -> None:
    path = package_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "sectors"]
    path.write_text(descriptor_text(descriptor), encoding="utf-8")
    with pytest.raises(DescriptorError, match=r"datapackage\.json: no resource is named 'sectors'"):
        load(package_copy)
