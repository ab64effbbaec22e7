"""Import: upload exports and files, see what was added, merged and refused; undo an import."""

import polars as pl
import streamlit as st

from connectors import registry
from connectors.errors import BoneloadError
from connectors.files import generic_csv
from connectors.files.base import ImportOptions
from connectors.store import ImportSummary
from dashboard import data
from dashboard.components import render
from dashboard.components.common import page_header
from dashboard.components.mapping import mapping_form
from dashboard.components.render import plain

page_header(
    "Import",
    "Upload your exports and activity files: boneload tells the format apart by what is inside.",
)
st.markdown("Formats read: " + "; ".join(plain(label) for label in registry.formats_read()) + ".")
settings = data.settings()
unit = "kilometres" if settings.distance_unit == "km" else "miles"
st.caption(
    f"Times are placed on your local day in **{settings.timezone}**; a Garmin CSV's distances "
    f"are read in the unit the file gives away (its stride lengths), else as **{unit}**. "
    "Change either in Settings before importing. A file you import "
    "twice, or a run both Strava and your watch recorded, is counted once."
)

if data.access().session_only:
    st.info(
        "You are not signed in: what you upload is kept in this browser session only. Nobody "
        "else sees it, and it is gone when you close the tab.",
        icon=":material/lock:",
    )

uploads = st.file_uploader(
    "Export files",
    accept_multiple_files=True,
    key="uploads",
    help="Strava: Settings > My Account > Download or delete your account > Request your archive.",
)


def _needs_mapping(summary: ImportSummary) -> bool:
    """A CSV refused only because no reader knows its columns: the mapping form, not an error."""
    return (
        summary.status == "failed"
        and summary.file_name.lower().endswith((".csv", ".txt"))
        and all(registry.UNRECOGNISED in e for e in summary.errors)
    )


def _run_import(files: list, column_map: dict[str, str] | None = None) -> None:
    options = ImportOptions(
        timezone=settings.timezone,
        distance_unit=settings.distance_unit,
        column_map=column_map or {},
    )
    bar = st.progress(0.0, text="Starting")
    summaries = []
    for index, upload in enumerate(files):
        bar.progress(index / len(files), text=f"Reading {upload.name}")
        summaries.append(data.import_file(upload.name, upload.getvalue(), options))
    bar.progress(1.0, text="Done")
    data.forget_activities()
    st.session_state["import_results"] = summaries


if uploads and st.button("Import", type="primary", key="import_button"):
    _run_import(uploads)

results = st.session_state.get("import_results", [])
if results:
    st.subheader("What happened")
    table = pl.DataFrame(
        {
            "File": [s.file_name for s in results],
            "Format": [s.format or "refused" for s in results],
            "New": [s.new for s in results],
            "Merged": [s.merged for s in results],
            "Updated": [s.updated for s in results],
            "Already there": [s.skipped for s in results],
            "Problems": [s.error_count or len(s.errors) for s in results],
        }
    )
    render.table(table)
    for summary in results:
        if _needs_mapping(summary):
            st.info(
                f"{plain(summary.file_name)} is a CSV whose columns boneload does not know yet: "
                "say which column is which below, and it is imported.",
                icon=":material/table:",
            )
        elif summary.status == "failed":
            st.error("\n\n".join(plain(e) for e in summary.errors), icon=":material/block:")
        elif summary.errors:
            count = summary.error_count or len(summary.errors)
            with st.expander(f"{plain(summary.file_name)}: {count:,} rows not read"):
                st.markdown("\n".join(f"- {plain(e)}" for e in summary.errors))
        for warning in summary.warnings:
            st.warning(plain(f"{summary.file_name}: {warning}"))
    added = sum(s.new + s.merged for s in results)
    corrected = sum(s.updated for s in results)
    if added or corrected:
        said = [f"Stored {added} activities."] if added else []
        if corrected:
            said.append(
                f"Corrected {corrected} activities you had imported before (undo this import "
                "below to put their earlier values back)."
            )
        st.success(
            plain(" ".join([*said, "Open the Overview to see your weeks."])),
            icon=":material/check_circle:",
        )

unreadable = [
    u
    for u, s in zip(uploads or [], results, strict=False)
    if s.status == "failed" and u.name.lower().endswith((".csv", ".txt"))
]
if unreadable:
    upload = unreadable[0]
    st.subheader(f"Map the columns of {plain(upload.name)}")
    try:
        columns = generic_csv.csv_columns(upload.name, upload.getvalue())
    except BoneloadError as exc:
        st.error(plain(exc))
    else:
        column_map = mapping_form(columns, generic_csv.suggest_map(columns))
        if column_map:
            _run_import([upload], column_map)
            st.rerun()

st.subheader("Past imports")
history = data.store().imports(data.owner())
if not history:
    shown = "shows a made-up demo athlete" if data.demo_enabled() else "stays empty"
    st.info(f"Nothing imported yet: the dashboard {shown} until you do.")
for entry in history[:50]:
    cols = st.columns([5, 2, 1])
    when = entry["started_at"].strftime("%Y-%m-%d %H:%M")
    cols[0].markdown(
        f"**{plain(entry['file_name'])}** · {when} UTC · {entry['new']} new, "
        f"{entry['merged']} merged, {int(entry.get('updated') or 0)} updated, "
        f"{entry['skipped']} already there · {entry['status']}"
    )
    cols[1].caption(plain(entry["errors"][0]) if entry["errors"] else "")
    can_undo = entry["status"] in ("ok", "partial") and (
        entry["new"] or entry["merged"] or entry.get("updated")
    )
    if can_undo and cols[2].button("Undo", key=f"undo_{entry['import_id']}"):
        try:
            removed = data.undo_import(entry["import_id"])
        except BoneloadError as exc:
            st.error(f"Not undone: {plain(exc)}")
        else:
            st.toast(
                f"Removed {removed} activities that only this import brought."
                f"{' Values it corrected are back as they were.' if entry.get('updated') else ''}"
            )
            st.rerun()
