import os, time
import pytest
from tests.faults import harness
from tests.faults.test_faults import stack  # noqa
pytestmark = [pytest.mark.django_db(transaction=True)]

def test_debug(stack):
    import redis
    from instansi.models import Agency, WorkloadRun
    from instansi.workload_services import workload_run_start
    region = harness.build_workload_region(agencies=6)
    ids = sorted(Agency.objects.filter(region=region).values_list("pk", flat=True))
    r = redis.Redis.from_url(stack.redis_url)
    with stack.row_locks("instansi_agency", ids[-2:]):
        run = workload_run_start(region=region, triggered_by=None)
        print("queued", r.llen("celery"))
        w = stack.start_worker("dbg")
        for i in range(12):
            time.sleep(1)
            run.refresh_from_db()
            with stack.connect() as c, c.cursor() as cur:
                cur.execute("select pid, state, wait_event_type, wait_event, left(query, 80) from pg_stat_activity where datname=current_database() and pid<>pg_backend_pid()")
                acts = cur.fetchall()
            print(i, run.status, run.agencies_done, r.llen("celery"), acts)
        stack.kill(w)
    print(open(stack.log_dir / "dbg.log").read()[-1500:])
