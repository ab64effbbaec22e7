"""Source activity type names -> the sport families of connectors.schema.SPORTS.

One table for every reader and API mapping: Strava's sport_type enum (TableTennis, StairStepper,
Pickleball...), Garmin's typeKeys and display names (jump_rope, floor_climbing, padel...),
Apple HealthKit's HKWorkoutActivityType names (JumpRope, SocialDance, TaiChi, MindAndBody...),
Fitbit, Polar and Oura names. Names are matched case-insensitively with "_", "-" and camelCase
read as spaces, then with spaces removed, then by a few stems ("Hot Yoga", "Latin Dancing").

Family decisions, documented: real stairs (Stairs, Floor Climbing, stair running) are impact
(ROS 2022 lists stair climbing with jogging and jumping as moderate impact); a stair-stepper or
elliptical machine is "other" (the feet stay on the pedals: no impact), and so is
"stair_climbing", the machine's name in Garmin typeKeys and FIT sub-sports;
Apple's StairClimbing is the watch's "Stair Stepper" workout, so the Apple reader maps it to
"other", while Apple's "Stairs" is impact.
Court, racquet and field sports, dance and aerobics are impact (Nikander 2005, JBMR 20:520:
odd-impact and high-impact sports). Apple's MindAndBody (qigong and similar) and Polar's
BODY_AND_MIND are balance, with yoga and tai chi; pilates stays strength.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

SPORTS: Final = (
    "run",
    "walk",
    "hike",
    "ride",
    "swim",
    "strength",
    "impact",
    "balance",
    "other",
)
"""Sport families. "impact": jumping, hopping, jump rope, plyometrics, court and racquet sports,
dance, aerobics, stair climbing on real stairs (ROS 2022, Brooke-Wavell, BJSM 56:837, names
jumping and stair climbing as moderate impact; Nikander 2005, JBMR 20:520, court and odd-impact
sports). A stair-stepper MACHINE is "other": the feet never leave the pedals, so no impact, like
an elliptical. "balance": yoga, tai chi, qigong, balance training (WHO 2020: balance on 3+ days
for older adults); pilates stays "strength"."""

_TYPE_TO_SPORT: Final[Mapping[str, str]] = {
    # run
    "run": "run",
    "running": "run",
    "trail run": "run",
    "trail running": "run",
    "virtual run": "run",
    "virtualrun": "run",
    "trailrun": "run",
    "treadmill": "run",
    "treadmill running": "run",
    "track running": "run",
    "street running": "run",
    "indoor running": "run",
    "ultra run": "run",
    "lauf": "run",
    "laufen": "run",
    "løb": "run",
    "course à pied": "run",
    "carrera": "run",
    "corsa": "run",
    "hardlopen": "run",
    # walk
    "walk": "walk",
    "walking": "walk",
    "casual walking": "walk",
    "speed walking": "walk",
    "indoor walking": "walk",
    "gehen": "walk",
    "spaziergang": "walk",
    "gang": "walk",
    "marche": "walk",
    "caminata": "walk",
    "camminata": "walk",
    "wandelen": "walk",
    # hike
    "hike": "hike",
    "hiking": "hike",
    "wandern": "hike",
    "vandring": "hike",
    "randonnée": "hike",
    "senderismo": "hike",
    "escursionismo": "hike",
    "snowshoe": "hike",
    # ride
    "ride": "ride",
    "cycling": "ride",
    "biking": "ride",
    "virtual ride": "ride",
    "virtualride": "ride",
    "e-bike ride": "ride",
    "ebikeride": "ride",
    "mountain bike ride": "ride",
    "mountainbikeride": "ride",
    "gravel ride": "ride",
    "gravelride": "ride",
    "road cycling": "ride",
    "mountain biking": "ride",
    "indoor cycling": "ride",
    "gravel cycling": "ride",
    "radfahren": "ride",
    "cykling": "ride",
    "velo": "ride",
    "vélo": "ride",
    "ciclismo": "ride",
    "fietsen": "ride",
    # swim
    "swim": "swim",
    "swimming": "swim",
    "pool swim": "swim",
    "lap swimming": "swim",
    "open water swimming": "swim",
    "schwimmen": "swim",
    "svømning": "swim",
    "natation": "swim",
    "natación": "swim",
    "nuoto": "swim",
    "zwemmen": "swim",
    # strength
    "weight training": "strength",
    "weighttraining": "strength",
    "strength training": "strength",
    "strength": "strength",
    "crossfit": "strength",
    "krafttraining": "strength",
    "styrketræning": "strength",
    "hiit": "strength",
    "functional strength training": "strength",
    "traditional strength training": "strength",
    "pilates": "strength",
    "bootcamp": "strength",
    "circuit training": "strength",
    "core training": "strength",
    "calisthenics": "strength",
    "kettlebell": "strength",
    "barre": "strength",
    "high intensity interval training": "strength",
    # impact: jumping, court and racquet sports, dance, aerobics, real stairs
    "jump rope": "impact",
    "jumping rope": "impact",
    "rope skipping": "impact",
    "skipping": "impact",
    "jumping": "impact",
    "jumps": "impact",
    "hopping": "impact",
    "hops": "impact",
    "plyometrics": "impact",
    "plyometric": "impact",
    "box jumps": "impact",
    "tennis": "impact",
    "squash": "impact",
    "badminton": "impact",
    "pickleball": "impact",
    "padel": "impact",
    "paddelball": "impact",
    "racquetball": "impact",
    "racket": "impact",
    "racquet sports": "impact",
    "table tennis": "impact",
    "basketball": "impact",
    "volleyball": "impact",
    "beach volleyball": "impact",
    "handball": "impact",
    "netball": "impact",
    "floorball": "impact",
    "futsal": "impact",
    "soccer": "impact",
    "dance": "impact",
    "dancing": "impact",
    "social dance": "impact",
    "cardio dance": "impact",
    "dance inspired training": "impact",
    "zumba": "impact",
    "aerobics": "impact",
    "step aerobics": "impact",
    "step training": "impact",
    "stairs": "impact",
    "stair running": "impact",
    "floor climbing": "impact",
    "stair exercise": "impact",
    # no impact: stair-stepper and elliptical machines (feet stay on the pedals)
    "stair stepper": "other",
    "stairstepper": "other",
    "stairmaster": "other",
    "stairclimber": "other",
    # Garmin's typeKey and FIT's sub_sport stair_climbing are the stepper machine too
    "stair climbing": "other",
    "elliptical": "other",
    # balance
    "yoga": "balance",
    "tai chi": "balance",
    "taichi": "balance",
    "qigong": "balance",
    "balance": "balance",
    "balance training": "balance",
    "mind and body": "balance",
    "body and mind": "balance",
    "jumpmaster": "other",
}
_COMPACT: Final[Mapping[str, str]] = {k.replace(" ", ""): v for k, v in _TYPE_TO_SPORT.items()}
_SPLIT_CAMEL: Final = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Substrings tried in order when no whole name matches ("Hot Yoga", "Latin Dancing").
_STEMS: Final = (
    ("run", "run"),
    ("walk", "walk"),
    ("hik", "hike"),
    ("swim", "swim"),
    ("yoga", "balance"),
    ("danc", "impact"),
    ("tennis", "impact"),
    ("jump", "impact"),
)


def sport_family(activity_type: str | None) -> str:
    """Map a source's activity type to one of SPORTS ("other" when unknown)."""
    if not activity_type:
        return "other"
    spaced = _SPLIT_CAMEL.sub(" ", activity_type.strip())  # "JumpRope" -> "Jump Rope"
    key = " ".join(spaced.lower().replace("_", " ").replace("-", " ").split())
    for candidate in (key, activity_type.strip().lower().replace("_", " ")):
        if candidate in _TYPE_TO_SPORT:
            return _TYPE_TO_SPORT[candidate]
    if key.replace(" ", "") in _COMPACT:
        return _COMPACT[key.replace(" ", "")]
    for word, sport in _STEMS:
        if word in key:
            return sport
    if "ride" in key or "cycl" in key or "bik" in key:
        return "ride"
    return "other"
