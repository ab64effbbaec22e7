"""Builders of Apple Health exports for the reader's tests."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from connectors.files import apple_health
from connectors.files.base import ImportOptions
from connectors.schema import validate

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / ".." / "shared" / "samples" / "apple_health"
UTC_OPTIONS = ImportOptions()

PROLOG = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
]>
<HealthData locale="en_GB">
 <ExportDate value="2025-09-20 10:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1980-01-01"/>
"""
RECORD = (
    ' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Apple Watch" '
    'unit="count/min" startDate="2025-09-16 16:20:00 +0100" endDate="2025-09-16 16:20:00 +0100" '
    'value="131">\n  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="2"/>\n'
    " </Record>\n"
)
OLD_RUN = """ <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30.5"
  durationUnit="min" totalDistance="3.1" totalDistanceUnit="mi" totalEnergyBurned="1255.2"
  totalEnergyBurnedUnit="kJ" sourceName="Apple Watch" startDate="2019-03-02 08:00:00 -0500"
  endDate="2019-03-02 08:32:00 -0500">
  <MetadataEntry key="HKTimeZone" value="America/New_York"/>
  <MetadataEntry key="HKElevationAscended" value="1250 cm"/>
  <MetadataEntry key="HKWeatherTemperature" value="41.2 degF"/>
 </Workout>
"""
NEW_WALK = """ <Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="0.75"
  durationUnit="hr" sourceName="Apple Watch" startDate="2025-09-16 16:14:50 +0100"
  endDate="2025-09-16 17:04:50 +0100">
  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" sum="4400" unit="yd"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" average="104.5" minimum="80"
   maximum="121" unit="count/min"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" sum="210.5" unit="kcal"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierStepCount" sum="5400" unit="count"/>
  <MetadataEntry key="HKTimeZone" value="Europe/Paris"/>
 </Workout>
"""


def export(*parts: str, prolog: str = PROLOG) -> bytes:
    return (prolog + "".join(parts) + "</HealthData>\n").encode("utf-8")


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def rows(data: bytes, options: ImportOptions = UTC_OPTIONS, name: str = "export.xml") -> list:
    result = apple_health.read(name, data, options)
    assert validate(result.frame) == []
    return result.frame.to_dicts()


def workout(kind: str, start: str, end: str, extra: str = "", attrs: str = "") -> str:
    return (
        f' <Workout workoutActivityType="HKWorkoutActivityType{kind}" duration="10" '
        f'durationUnit="min" startDate="{start}" endDate="{end}" {attrs}>\n{extra} </Workout>\n'
    )
