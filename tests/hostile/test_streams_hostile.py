"""Streams (connectors/streams.py) from hostile files: a huge track stays 1,000 points, junk
values are left out, and a damaged stored blob shows nothing rather than failing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from connectors import streams
from connectors.files.base import ImportOptions
from connectors.importing import import_bytes, read_file
from connectors.store import Store, tables
from connectors.store import streams as stored

NOW = datetime(2025, 6, 1, 12, 0)
OPTIONS = ImportOptions(timezone="Europe/Oslo")
JUNK = ["NaN", "inf", "-1e309", "-5", "abc", "1e300", "", "151"]  # heart rates
# gpxpy refuses text here, and an infinite or 1e300 latitude fails its distance (refused)
NUMBERS = ["NaN", "91", "95", "-5000", "300", "-300", "0", "12"]


def gpx(points: int) -> bytes:
    start = datetime(2024, 3, 1, 7, 0, tzinfo=UTC)
    body = "".join(
        f'<trkpt lat="{NUMBERS[i % 8] if i % 3 == 0 else 46 + i * 1e-6}" lon="14.5">'
        f"<ele>{NUMBERS[(i + 1) % 8]}</ele>"
        f"<time>{(start + timedelta(seconds=i)).isoformat().replace('+00:00', 'Z')}</time>"
        f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{JUNK[i % 8]}</gpxtpx:hr>"
        "</gpxtpx:TrackPointExtension></extensions></trkpt>"
        for i in range(points)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="t" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><type>running</type><trkseg>{body}</trkseg></trk></gpx>"
    ).encode()


def test_a_long_track_of_junk_values_keeps_1000_plausible_points() -> None:
    result = read_file("long.gpx", gpx(20_000), OPTIONS, NOW)
    assert result.frame.height == 1
    (found,) = result.streams
    samples = found.samples
    assert 0 < samples.height <= streams.MAX_POINTS
    assert samples["t_s"].max() < 20_000
    hr = samples["hr_bpm"].drop_nulls()
    assert hr.len() > 0 and hr.min() >= 20 and hr.max() <= 250  # only "151" is a heart rate
    assert samples["altitude_m"].drop_nulls().is_between(-500, 9_000).all()
    assert samples["lat"].drop_nulls().is_between(-90, 90).all()  # 91, 95, 300, NaN left out
    assert len(found.sample_data or b"") < 60_000


def test_a_damaged_stored_blob_reads_as_nothing(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    try:
        import_bytes(store, "long.gpx", gpx(600), OPTIONS, NOW, "local")
        st = tables.activity_streams
        with store.engine.begin() as conn:
            conn.execute(st.update().values(samples=b"\x78\x9c not zlib", lap_data=b"{}"))
        activity = store.activities("local")["activity_id"][0]
        found = stored.of_activity(store, activity, "local")
        assert found is not None
        assert found.samples.is_empty() and found.laps.is_empty()
        assert found.samples.schema == streams.SAMPLE_SCHEMA
        with store.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(st)).scalar_one() == 1
    finally:
        store.close()
