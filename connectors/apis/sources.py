"""The API sources by name, what each allows: plain data, so `boneload --help` and the sync
command's argument check need neither the HTTP clients nor the store."""

from __future__ import annotations

from typing import NamedTuple


class ApiSource(NamedTuple):
    key: str
    label: str
    status: str
    """available, planned (not built yet) or closed (the provider shut its API)."""
    auth: str
    limits: str
    notes: str = ""


STRAVA = ApiSource(
    "strava",
    "Strava",
    "available",
    "OAuth (Connect Strava), or client id, secret and refresh token for a deployed owner",
    "200 requests per 15 minutes and 2,000 a day (reads: 100 and 1,000); windows reset at "
    ":00/:15/:30/:45 and midnight UTC.",
    "New Strava apps connect only their owner's account until Strava approves them, and "
    "Strava data may be shown only to the athlete it belongs to.",
)
INTERVALS = ApiSource(
    "intervals",
    "intervals.icu",
    "available",
    "API key (intervals.icu > Settings > Developer Settings)",
    "No published limits; one request per sync.",
    "Brings Garmin, COROS, Suunto, Polar and Wahoo activities; activities it received from "
    "Strava are hidden by Strava's terms (connect Strava directly).",
)
POLAR = ApiSource(
    "polar",
    "Polar AccessLink",
    "available",
    "OAuth (Connect Polar), with an app registered at admin.polaraccesslink.com "
    "(POLAR_CLIENT_ID, POLAR_CLIENT_SECRET); connecting registers you with the app",
    "Only the last 30 days of training are available, and only exercises uploaded to Polar "
    "Flow after you connected; 500 + 20 per user requests per 15 minutes for the app.",
    "Older training: export it from Polar Flow and import the files, or use intervals.icu. "
    "A sync at least every few weeks keeps the record whole.",
)
OURA = ApiSource(
    "oura",
    "Oura",
    "available",
    "OAuth only (Connect Oura; personal access tokens ended in December 2025), with an app "
    "from cloud.ouraring.com (OURA_CLIENT_ID, OURA_CLIENT_SECRET)",
    "Workouts only, paged with next_token; 5,000 requests per 5 minutes; a new app serves 10 "
    "users until Oura approves it.",
    "Oura detects walks and runs from the ring; workouts recorded by a watch may also come "
    "from that watch's own source, and are merged when they match.",
)
FITBIT = ApiSource(
    "fitbit",
    "Fitbit",
    "closed",
    "none",
    "The Fitbit Web API closed in November 2026.",
    "Download your data with Google Takeout and import it on the Import page.",
)

API_SOURCES: tuple[ApiSource, ...] = (STRAVA, INTERVALS, POLAR, OURA, FITBIT)
BY_KEY = {s.key: s for s in API_SOURCES}
