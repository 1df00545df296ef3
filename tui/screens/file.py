"""The file step: a tree of supported files, a path input, reading options, a preview."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, DataTable, DirectoryTree, Input, Label, Select, Static

from relimport.core.files.reader import FileOptions, Table, preview_table
from relimport.core.ops.template import default_template_name, write_template
from relimport.tui.errors import one_line
from relimport.tui.fmt import full_path, inert, input_path, shown
from relimport.tui.screens.base import BACK, NEXT, StepBar, WizardScreen, clip, display_path
from relimport.tui.state import PREVIEW_ROWS
from relimport.tui.widgets.files import ImportFileTree, PathSuggester, completions, with_value
from relimport.tui.widgets.inputs import SafeInput
from relimport.tui.widgets.keybar import KeyBar

AUTO = ""
ENCODINGS: list[tuple[str, str]] = [
    ("auto", AUTO),
    ("UTF-8", "utf-8"),
    ("UTF-8 BOM", "utf-8-sig"),
    ("UTF-16", "utf-16"),
    ("cp1250", "cp1250"),
    ("ISO-8859-2", "iso-8859-2"),
    ("cp1252", "cp1252"),
]
DELIMITERS: list[tuple[str, str]] = [
    ("auto", AUTO),
    ("; semicolon", ";"),
    (", comma", ","),
    ("tab", "\t"),
    ("| pipe", "|"),
]
DELIMITED_SUFFIXES = (".csv", ".tsv", ".txt")
DELIMITER_NAMES = {"\t": "tab", ";": "';'", ",": "','", "|": "'|'"}


@dataclass
class PreviewLoaded(Message):
    """The preview worker read the first rows (or failed with ``error``)."""

    path: Path
    options: FileOptions
    table: Table | None
    error: str = ""


class FileScreen(WizardScreen):
    """Pick the file and how to read it; see its first rows."""

    STEP = "file"
    TITLE = "File"
    CSS_PATH = "file.tcss"
    AUTO_FOCUS = "#file-path"
    HELP = """\
choose the file. Type its path (relative to the folder where
relimport was started; → completes a name, or the part the names that match
share, and the status line lists them) or pick it in the tree with the arrows
and Enter (Backspace in the tree goes up a folder; typing a folder's path shows
it in the tree). Only .csv .tsv .txt .xlsx .xlsm .xls .ods files are listed.
Encoding, delimiter and sheet are detected; set them below when the preview
looks wrong. The preview shows the first 50 rows;
the whole file is read at the check step. Ctrl+T writes a sample file for this
type (its field headers, one column per relationship, two example rows)."""
    BINDINGS = [BACK, NEXT, Binding("ctrl+t", "sample", "Sample file"), Binding("f6", "format", "Format")]
    #: The formats F6 cycles through ("" = by the file's suffix).
    FORMATS = ("", "csv", "xlsx", "xls", "ods")

    def __init__(self) -> None:
        super().__init__()
        self._wanted: tuple[Path, FileOptions] | None = None
        self._ready = False
        self._sheet_options: list[tuple[Text, str]] = [(Text("first"), AUTO)]
        self._format = ""

    def compose(self) -> ComposeResult:
        start = self.rapp.start_dir
        fo = self.state.file_options
        yield StepBar(self.STEP)
        with Horizontal(id="file-path-row"):
            yield Label("File ", classes="field-label")
            yield SafeInput(
                self._input_text(self.state.path) if self.state.path else "",
                placeholder="path of the file (→ completes; Tab: pick in the tree)",
                id="file-path",
                compact=True,
                suggester=PathSuggester(self.rapp.launch_dir),
            )
        with Horizontal(id="file-main"):
            yield ImportFileTree(start, id="file-tree")
            yield DataTable(id="file-preview", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="file-options"):
            with Horizontal(classes="file-option"):
                yield Label("Encoding ", classes="field-label")
                yield Select(
                    with_value(ENCODINGS, fo.encoding),
                    value=fo.encoding or AUTO,
                    allow_blank=False,
                    compact=True,
                    id="file-encoding",
                )
            with Horizontal(classes="file-option"):
                yield Label("Delimiter ", classes="field-label")
                yield Select(
                    with_value(DELIMITERS, fo.delimiter),
                    value=fo.delimiter or AUTO,
                    allow_blank=False,
                    compact=True,
                    id="file-delimiter",
                )
            with Horizontal(classes="file-option"):
                yield Label("Sheet ", classes="field-label")
                if fo.sheet is not None:
                    self._sheet_options.append((inert(clip(str(fo.sheet), 20)), str(fo.sheet)))
                yield Select(
                    self._sheet_options,
                    value=str(fo.sheet) if fo.sheet is not None else AUTO,
                    allow_blank=False,
                    compact=True,
                    id="file-sheet",
                    disabled=fo.sheet is None,
                )
        with Horizontal(id="file-actions"):
            yield Static("", id="file-status", markup=False)
            yield Button("Next ▶ (^N)", id="file-next", variant="primary", compact=True, disabled=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.kind_text()
        self._show_options()
        if self.state.path:
            self._request_preview()
        else:
            self._set_status(f"Choose the file to import as {self.kind_text()}.", "")

    def on_screen_resume(self) -> None:
        # A recipe loaded on the mapping step may have changed the reading options.
        fo = self.state.file_options
        if self._wanted is not None and fo != self._chosen_options():
            with self.prevent(Select.Changed):
                for sel_id, base, value in (
                    ("#file-encoding", ENCODINGS, fo.encoding),
                    ("#file-delimiter", DELIMITERS, fo.delimiter),
                ):
                    select = self.query_one(sel_id, Select)
                    select.set_options(with_value(base, value))
                    select.value = value or AUTO
                sheet = self.query_one("#file-sheet", Select)
                if fo.sheet is not None and any(v == str(fo.sheet) for _, v in self._sheet_options):
                    sheet.value = str(fo.sheet)
            self._wanted = (self._wanted[0], self._chosen_options())
            if self.state.preview is not None:
                self._show_preview(self.state.preview)

    # --- path and options -----------------------------------------------------------

    def _input_text(self, path: Path) -> str:
        return input_path(path, self.rapp.launch_dir)

    def _typed_path(self) -> Path | None:
        text = self.query_one("#file-path", Input).value.strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.rapp.launch_dir / path

    def _chosen_options(self) -> FileOptions:
        enc_select = self.query_one("#file-encoding", Select)
        delim_select = self.query_one("#file-delimiter", Select)
        sheet_select = self.query_one("#file-sheet", Select)
        # A disabled control does not apply to this file: its value is not an override.
        enc = AUTO if enc_select.disabled else enc_select.value
        delim = AUTO if delim_select.disabled else delim_select.value
        sheet = AUTO if sheet_select.disabled else sheet_select.value
        return FileOptions(
            encoding=str(enc) if enc not in (AUTO, Select.NULL) else None,
            delimiter=str(delim) if delim not in (AUTO, Select.NULL) else None,
            sheet=str(sheet) if sheet not in (AUTO, Select.NULL) else None,
            format=self._format or None,
        )

    def action_format(self) -> None:
        """F6: read the file as another format than its suffix says (or by suffix again)."""
        self._format = self.FORMATS[(self.FORMATS.index(self._format) + 1) % len(self.FORMATS)]
        self.notify(f"format: {self._format or 'by the file suffix'}", timeout=2)
        self._request_preview()

    @on(Input.Changed, "#file-path")
    def _path_changed(self) -> None:
        self._request_preview()

    @on(Input.Submitted, "#file-path")
    def _path_submitted(self) -> None:
        if self._ready:
            self.action_next()
        else:
            self._request_preview()

    @on(DirectoryTree.FileSelected)
    def _file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        path_input = self.query_one("#file-path", Input)
        text = self._input_text(Path(event.path))
        if path_input.value == text and self._ready:
            self.action_next()
        else:
            path_input.value = text

    @on(Select.Changed)
    def _option_changed(self, event: Select.Changed) -> None:
        if self._wanted is not None and self._chosen_options() != self._wanted[1]:
            self._request_preview()

    # --- preview --------------------------------------------------------------------

    def _request_preview(self) -> None:
        path = self._typed_path()
        if self._ready:
            self._ready = False
            self._sync_next()
        if path is None:
            self._wanted = None
            self._clear_preview()
            self._set_status("Type a path or pick a file in the tree.", "")
            return
        if not path.is_file():
            self._wanted = None
            self._clear_preview()
            if path.is_dir():
                tree = self.query_one("#file-tree", ImportFileTree)
                if Path(tree.path).resolve() != path.resolve():
                    tree.path = path
                self._set_status(f"{shown(display_path(path))}: a folder, shown in the tree", "")
                return
            text = self.query_one("#file-path", Input).value.strip()
            names = completions(self.rapp.launch_dir, text)[1]
            if names:  # the start of a name: the ones it may become
                more = f" +{len(names) - 6} more" if len(names) > 6 else ""
                hint = "→ completes it" if len(names) == 1 else "→ completes what they share"
                listed = ", ".join(shown(n) for n in names[:6]) + more
                self._set_status(f"{shown(text)}: no such file; it may be {listed} ({hint})", "")
                return
            self._set_status(f"{shown(display_path(path))}: no such file", "error")
            return
        # Encoding and delimiter apply to delimited text, the sheet to workbooks.
        delimited = (self._format == "csv") or (
            not self._format and path.suffix.lower() in DELIMITED_SUFFIXES
        )
        self.query_one("#file-encoding", Select).disabled = not delimited
        self.query_one("#file-delimiter", Select).disabled = not delimited
        if delimited:
            self.query_one("#file-sheet", Select).disabled = True
        self._show_options()
        options = self._chosen_options()
        self._wanted = (path, options)
        self._set_status(f"reading {shown(path.name)}…", "")
        self.load_preview(path, options)

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def load_preview(self, path: Path, options: FileOptions) -> None:
        try:
            table = preview_table(path, options, n_rows=PREVIEW_ROWS)
        except Exception as exc:  # every failure is one line on the status bar
            self.post_message(PreviewLoaded(path, options, None, one_line(exc, f"reading {path}")))
        else:
            self.post_message(PreviewLoaded(path, options, table))

    def on_preview_loaded(self, message: PreviewLoaded) -> None:
        if self._wanted != (message.path, message.options):
            return  # the user has moved on
        if message.table is None:
            self._clear_preview()
            self._set_status(message.error, "error")
            return
        self.state.choose_file(message.path, message.options, message.table)
        self._show_preview(message.table)
        self._ready = True
        self._sync_next()

    def _clear_preview(self) -> None:
        table = self.query_one("#file-preview", DataTable)
        if table.columns:
            table.clear(columns=True)

    def _show_preview(self, table: Table) -> None:
        info = table.info
        grid = self.query_one("#file-preview", DataTable)
        grid.clear(columns=True)
        headers = list(info.headers)
        frame = table.frame.select([*headers, "__row"])
        rows = [(str(r[-1]), [clip(c or "", 24) for c in r[:-1]]) for r in frame.iter_rows()]
        grid.add_column(Text("row"), key="__row")
        for i, h in enumerate(headers):
            width = max([cell_len(clip(h, 24) or "(empty)"), *(cell_len(r[1][i]) for r in rows)])
            grid.add_column(inert(clip(h, 24) or "(empty)"), key=f"c{i}", width=min(width, 24))
        for rownum, cells in rows:
            grid.add_row(Text(rownum), *(Text(c) for c in cells))
        self._sync_sheets(info.sheets, info.sheet)
        parts = [info.format + (" (F6: forced)" if self._format else "")]
        if info.encoding:
            parts.append(info.encoding)
        if info.delimiter:
            parts.append("delimiter " + DELIMITER_NAMES.get(info.delimiter, repr(info.delimiter)))
        if info.sheet:
            parts.append(f"sheet {shown(repr(info.sheet))}")
        parts.append(f"{len(headers)} columns")
        parts.append(f"first {info.rows:,} rows")
        self._set_status(f"{shown(Path(info.path).name)}: " + " · ".join(parts), "ok")

    def _sync_sheets(self, sheets: tuple[str, ...], current: str | None) -> None:
        select = self.query_one("#file-sheet", Select)
        if not sheets:
            select.disabled = True
            self._show_options()
            return
        wanted = [(Text("first"), AUTO), *((inert(clip(s, 20)), s) for s in sheets)]
        if self._sheet_options != wanted:
            self._sheet_options = wanted
            value = select.value
            with self.prevent(Select.Changed):
                select.set_options(wanted)
                if value in sheets:
                    select.value = value
        select.disabled = False
        self._show_options()

    def _show_options(self) -> None:
        """Only the reading options that apply to the file are shown: encoding and delimiter
        for delimited text, the sheet for a workbook (a disabled one is hidden)."""
        for sel_id in ("#file-encoding", "#file-delimiter", "#file-sheet"):
            select = self.query_one(sel_id, Select)
            if select.parent is not None:
                select.parent.display = not select.disabled

    def _set_status(self, text: str, kind: str) -> None:
        if getattr(self, "_status", None) == (text, kind):
            return
        self._status = (text, kind)
        status = self.query_one("#file-status", Static)
        status.set_classes(kind)
        status.update(text)

    def _sync_next(self) -> None:
        self.query_one("#file-next", Button).disabled = not self._ready
        self.refresh_bindings()

    # --- actions --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return True if self._ready else None
        return True

    @on(Button.Pressed, "#file-next")
    def action_next(self) -> None:
        if self._ready:
            self.step_done()

    @on(Button.Pressed, "#file-sample")
    def action_sample(self) -> None:
        from relimport.tui.dialogs import PathDialog

        kind = self.state.kind or "person_company"
        data = self.store.data

        def write(path: Path) -> tuple[Path, int]:
            return path, write_template(data, kind, path)

        dialog = PathDialog(
            f"Save a sample {self.kind_text()} file as",
            input_path(
                Path(self.query_one("#file-tree", ImportFileTree).path) / default_template_name(kind),
                self.rapp.launch_dir,
            ),
            base=self.rapp.launch_dir,
            suffixes=(".csv", ".xlsx"),
            action=write,
        )
        self.app.push_screen(dialog, self._sample_written)

    def _sample_written(self, written: tuple[Path, int] | None) -> None:
        if written is None:
            return
        path, n = written
        self.notify(f"wrote {full_path(path)} ({n} example rows)", markup=False)
        self.query_one("#file-tree", ImportFileTree).reload()
