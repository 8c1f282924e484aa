"""The benchmark: Dialogues at real scale under gunicorn, against a bare Flask route.

Run it with ``make bench`` (``python -m bench.run``); see README, "Performance".
"""
