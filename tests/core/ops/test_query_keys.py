"""``show`` looks a value up as an import looks up a relationship value: under every
match key whose shape it has, so a value naming different records under different
keys is never shown as one of them silently (SPEC §3.4)."""

from __future__ import annotations

import pytest

from relimport.core.domain.errors import UsageError
from relimport.core.ops.query import NotFoundError, find_ids, search, show
from tests.stores import base_store, run
from tests.writers import write_csv


@pytest.fixture
def data(tmp_path):
    data = base_store()
    products = [["Nazwa", "Kod"], ["Śruba M6", "S-6"], ["X-9", "X-9"]]
    run(data, write_csv(tmp_path / "p.csv", products), "product")
    screw = show(data, "product", "S-6").id
    # The nut's code is the screw's id: the value names one product by id, another by code.
    run(data, write_csv(tmp_path / "nut.csv", [["Nazwa", "Kod"], ["Nakrętka", str(screw)]]), "product")
    return data


def test_a_value_under_two_keys_lists_each_record_with_its_key(data):
    screw = show(data, "product", "S-6", "sku").id
    nut = show(data, "product", "Nakrętka").id
    assert find_ids(data, "product", str(screw)) == {screw: ["id"], nut: ["sku"]}
    with pytest.raises(NotFoundError) as err:
        show(data, "product", str(screw))
    message = str(err.value)
    assert f"matches 2 product records ({screw} 'Śruba M6' by id, {nut} 'Nakrętka' by sku)" in message
    assert message.endswith("give --by id or --by sku")


def test_an_explicit_key_settles_it(data):
    screw = show(data, "product", "S-6").id
    assert show(data, "product", str(screw), "id").label == "Śruba M6"
    assert show(data, "product", str(screw), "sku").label == "Nakrętka"
    with pytest.raises(UsageError, match="--by tax_id: product records are found by id, sku, name"):
        show(data, "product", "S-6", "tax_id")


def test_one_record_under_several_keys_is_that_record(data):
    x9 = show(data, "product", "X-9")
    assert find_ids(data, "product", "X-9") == {x9.id: ["sku", "name"]}


def test_a_value_is_tried_only_under_keys_of_its_shape(data):
    # A name is no id: "Śruba M6" is looked up under the name and the code, not the id.
    assert list(find_ids(data, "product", "Śruba M6").values()) == [["name"]]
    # Search puts every exact match first.
    screw = show(data, "product", "S-6").id
    nut = show(data, "product", "Nakrętka").id
    assert search(data, "product", str(screw))["id"].to_list()[:2] == [screw, nut]


def test_search_also_matches_letters_and_digits_only(tmp_path):
    """``hydrotech`` finds ``Hydro-Tech Sp. z o.o.`` (after the records containing the text
    as typed); a text naming nothing finds nothing."""
    data = base_store()
    firms = [["Nazwa"], ["Hydro-Tech Sp. z o.o."], ["Hydrotechnika"], ["Polmet"]]
    run(data, write_csv(tmp_path / "f.csv", firms), "company")
    assert search(data, "company", "hydrotech")["label"].to_list() == [
        "Hydrotechnika",
        "Hydro-Tech Sp. z o.o.",
    ]
    assert search(data, "company", "hydro tech")["label"].to_list() == [
        "Hydro-Tech Sp. z o.o.",
        "Hydrotechnika",
    ]
    assert search(data, "company", "metal").height == 0
