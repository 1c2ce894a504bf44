

def test_a_detached_page_pickles_without_its_query_and_keeps_its_links():
    import pickle

    from django.core.paginator import Paginator

    from core.listing import detached

    class Rows(list):
        def __getstate__(self):  # a queryset would be read whole when pickled
            raise AssertionError("the paginator's rows went into the pickle")

    page = detached(Paginator(Rows(range(250)), 100).get_page(2))
    kept = pickle.loads(pickle.dumps(page))
    assert list(kept) == list(range(100, 200))
    assert (kept.number, kept.paginator.count, kept.paginator.num_pages) == (2, 250, 3)
    assert (kept.has_previous(), kept.has_next(), kept.previous_page_number(), kept.next_page_number()) == (
        True, True, 1, 3)
    assert (kept.start_index(), kept.end_index()) == (101, 200)
