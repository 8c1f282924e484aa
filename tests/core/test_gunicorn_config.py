"""The gunicorn settings every server and the benchmark use: the collector tuned per worker."""

import gc

import pytest

from dialogues import gunicorn_config


@pytest.fixture
def restored_collector():
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("restored_collector")
def test_a_worker_freezes_what_it_loaded_and_collects_less_often():
    gc.unfreeze()
    gunicorn_config.post_worker_init(None)
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == gunicorn_config.GC_THRESHOLDS
