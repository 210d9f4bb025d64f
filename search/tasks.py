from celery import shared_task

from search import indexing


@shared_task
def rebuild_search_index():
    """The safety net for changes that send no signal (a bulk update()): the index is at most this period old."""
    return indexing.rebuild()
