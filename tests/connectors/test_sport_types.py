"""Type names from every source land in the right sport family (impact, balance, strength...).

Names as the sources spell them: Strava's SportType enum (developers.strava.com, api-models
SportType), Apple HealthKit HKWorkoutActivityType names without the prefix, Garmin typeKeys
and Connect display names, FIT sport names, Fitbit, Polar AccessLink and Oura activity names.
"""

from __future__ import annotations

import pytest

from connectors.apis.oura_mapping import oura_sport
from connectors.apis.polar_mapping import polar_sport
from connectors.files.apple_health_workout import sport as apple_sport
from connectors.schema import SPORTS, sport_family

IMPACT = [
    # Strava sport_type
    "Tennis", "Squash", "Badminton", "Pickleball", "Racquetball", "TableTennis", "Soccer",
    # Garmin typeKeys / display names / FIT sports
    "jump_rope", "Jump Rope", "Jumprope", "tennis", "pickleball", "Padel", "paddelball",
    "Floor Climbing", "floor_climbing", "Dance", "racket", "basketball", "volleyball",
    # Fitbit, Polar, Oura
    "Dancing", "Zumba", "Aerobics", "BALLET_DANCING", "jumpingRope", "stairExercise",
    # generic words a person types
    "plyometrics", "hopping", "Box Jumps", "stair running", "Step Aerobics",
]  # fmt: skip
BALANCE = ["Yoga", "yoga", "Hot Yoga", "Tai Chi", "TaiChi", "Qigong", "Balance Training"]
STRENGTH = [
    "WeightTraining", "Crossfit", "Pilates", "HighIntensityIntervalTraining", "strength_training",
    "Weight Training", "Bootcamp", "Circuit Training", "CoreTraining", "Barre",
]  # fmt: skip
OTHER = [
    "StairStepper", "Stair Stepper", "stair_climbing", "Elliptical", "Workout", "Rowing",
    "jumpmaster",
]  # fmt: skip


@pytest.mark.parametrize("name", IMPACT)
def test_impact_names(name: str) -> None:
    assert sport_family(name) == "impact"


@pytest.mark.parametrize("name", BALANCE)
def test_balance_names(name: str) -> None:
    assert sport_family(name) == "balance"


@pytest.mark.parametrize("name", STRENGTH)
def test_strength_names(name: str) -> None:
    assert sport_family(name) == "strength"


@pytest.mark.parametrize("name", OTHER)
def test_machines_and_unknown_are_other(name: str) -> None:
    assert sport_family(name) == "other"


@pytest.mark.parametrize(
    ("name", "family"),
    [("Run", "run"), ("TrailRun", "run"), ("VirtualRun", "run"), ("Walk", "walk"),
     ("EBikeRide", "ride"), ("MountainBikeRide", "ride"), ("Hike", "hike"), ("Swim", "swim"),
     ("Nordic walking", "walk"), ("Course à pied", "run"), ("treadmill_running", "run")],
)  # fmt: skip
def test_older_names_keep_their_family(name: str, family: str) -> None:
    assert sport_family(name) == family


@pytest.mark.parametrize(
    ("hk", "family"),
    [("JumpRope", "impact"), ("SocialDance", "impact"), ("CardioDance", "impact"),
     ("Dance", "impact"), ("Tennis", "impact"), ("Badminton", "impact"), ("Squash", "impact"),
     ("Basketball", "impact"), ("Volleyball", "impact"), ("Handball", "impact"),
     ("Pickleball", "impact"), ("StairClimbing", "other"), ("Stairs", "impact"),
     ("StepTraining", "impact"), ("TaiChi", "balance"), ("Yoga", "balance"),
     ("MindAndBody", "balance"), ("Pilates", "strength"), ("Elliptical", "other")],
)  # fmt: skip
def test_apple_health_types(hk: str, family: str) -> None:
    assert apple_sport("HKWorkoutActivityType" + hk)[0] == family


@pytest.mark.parametrize(
    ("name", "family"),
    [("AEROBICS", "impact"), ("TENNIS", "impact"), ("YOGA", "balance"),
     ("BODY_AND_MIND", "balance"), ("PILATES", "strength"), ("CROSS_TRAINER", "other")],
)  # fmt: skip
def test_polar_names(name: str, family: str) -> None:
    assert polar_sport(name) == family


@pytest.mark.parametrize(
    ("name", "family"),
    [("jumpingRope", "impact"), ("dancing", "impact"), ("tennis", "impact"),
     ("yoga", "balance"), ("coreExercise", "strength"), ("pilates", "strength")],
)  # fmt: skip
def test_oura_names(name: str, family: str) -> None:
    assert oura_sport(name) == family


def test_families_are_canonical() -> None:
    for name in IMPACT + BALANCE + STRENGTH + OTHER:
        assert sport_family(name) in SPORTS
    assert "impact" in SPORTS and "balance" in SPORTS
