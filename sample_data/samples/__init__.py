"""The six sample import files as data, one module per file: format, columns, and every row
with what it shows.

Rows are numbered as a spreadsheet shows them: the header is row 1, a file's first row
here is row 2. ``like`` starts a row from a demo record (see ``spreadsheets.py``);
``{co[KEY][FIELD]}`` in a cell names a company's field, ``pe`` a person's, ``de`` a
deal's, ``dashed`` a company's NIP typed with dashes. What each file adds up to is in
``expectations.py``; README.md explains the same rows.
"""

from __future__ import annotations

from relimport.sample_data.samples import firmy, osoby, osoby_i_firmy, pojazdy, produkty, szanse
from relimport.sample_data.spreadsheets import SampleFile

#: Every sample file, in the order README.md describes them.
SAMPLE_FILES: tuple[SampleFile, ...] = (
    szanse.FILE,
    osoby_i_firmy.FILE,
    firmy.FILE,
    osoby.FILE,
    produkty.FILE,
    pojazdy.FILE,
)
