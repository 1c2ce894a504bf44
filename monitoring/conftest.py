import pytest

from monitoring.sitecheck.tests.corpus import Corpus


@pytest.fixture(scope="session")
def corpus():
    sites = Corpus()
    yield sites
    sites.close()


@pytest.fixture
def corpus_world(world, corpus, settings):
    """The world whose home schools' sites are served on loopback: a standard site and a gosweb one."""
    settings.SITECHECK_ALLOW_PRIVATE = True
    settings.SITECHECK_HOST_DELAY = 0
    home = world.home
    home.school.website = corpus["standard"].url
    home.school.save()
    home.other_school.website = corpus["gosweb"].url
    home.other_school.save()
    return world
