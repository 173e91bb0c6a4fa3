"""Dask: a LocalCluster of 2 worker processes gives exactly what nlp.pipe gives."""

import json
from pathlib import Path

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import vnunion_nlp  # noqa: E402
from vnunion_nlp.dask_support import read_warcs, tag_bag, tag_dataframe  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOCS = [json.loads(line) for line in (ROOT / "examples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore::ResourceWarning"), pytest.mark.filterwarnings("ignore::UserWarning")]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as c:
        yield c


def test_dataframe_on_two_worker_processes_matches_pipe(client):
    frame = pd.DataFrame({"id": [d["id"] for d in DOCS], "text": [d["text"] for d in DOCS],
                          "date": [d["date"] for d in DOCS]})
    ddf = dd.from_pandas(frame, npartitions=4)
    got = tag_dataframe(ddf, text_column="text", date_column="date").compute()
    nlp = vnunion_nlp.load()
    expected = [d.to_dict() for d, _ in nlp.pipe(((d["text"], {"date": d["date"]}) for d in DOCS), as_tuples=True)]
    assert [json.loads(x) for x in got["vnunion"]] == expected
    assert list(got["id"]) == [d["id"] for d in DOCS]
    assert len(client.scheduler_info()["workers"]) == 2


def test_bag_matches_pipe(client):
    import dask.bag as db

    texts = [d["text"] for d in DOCS[:8]]
    got = tag_bag(db.from_sequence(texts, npartitions=2)).compute()
    nlp = vnunion_nlp.load()
    assert got == [d.to_dict() for d in nlp.pipe(texts)]


def test_warc_paths_become_a_bag_of_pages_one_partition_per_file(client, tmp_path, warc_writer, test_page_records):
    pytest.importorskip("trafilatura")
    first, second = tmp_path / "a.warc.gz", tmp_path / "b.warc.gz"
    warc_writer(first, test_page_records[:6])
    warc_writer(second, test_page_records[6:10])
    pages = read_warcs([first, second])
    assert pages.npartitions == 2
    got = tag_bag(pages).compute()
    nlp = vnunion_nlp.load()
    expected = [vnunion_nlp.read_html(r["body"], url=r["url"]).tag(nlp).to_dict() for r in test_page_records[:10]]
    assert got == expected
    assert [d["id"] for d in got] == [r["url"] for r in test_page_records[:10]]
    assert all(d["date_source"] and d["title"] for d in got[:5])
