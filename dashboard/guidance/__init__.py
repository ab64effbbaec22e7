"""Guidance a person can follow: "This week, for your bones", the alerts, the safety panel.

Pure (no Streamlit, no clock): the activities frame, the settings and `today` in. compose.py
writes the week's guidance, alerts.py the alerts with their caveats, safety.py the "Stop and see
a clinician if..." panel; facts.py and days.py hold the small inputs they read.
"""
