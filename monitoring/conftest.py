import pytest

from monitoring.sitecheck.tests.corpus import Corpus


@pytest.fixture(scope="session")
def corpus():
    sites = Corpus()
    yield sites
    sites.close()
