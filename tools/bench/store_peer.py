"""Peers for tools/bench/store (Python stdlib, and pandas when installed in .build-bench-venv).

import-stdlib STORE CSV   : csv + datetime + sqlite3.executemany into the same table, one transaction
import-pandas STORE CSV   : pandas.read_csv + to_datetime + executemany, one transaction
kpi STORE YYYY-MM         : pairs clock_in/clock_out and login/logout of the month (same rules as
                            roster kpi: ±16 h margin, clip to the month) and prints total seconds
Prints one line: seconds=<wall time> [onDuty=<s> online=<s>].
"""
import csv, sqlite3, sys, time
from datetime import datetime, timezone

KINDS = {"clock_in": 0, "clock_out": 1, "login": 2, "logout": 3}
EPOCH = datetime(1970, 1, 1)


def secs(text):
    return int((datetime.fromisoformat(text) - EPOCH).total_seconds())


def import_stdlib(store, path):
    t = time.perf_counter()
    with open(path, newline="", encoding="utf-8-sig") as f:
        r = csv.reader(f)
        next(r)
        rows = [(p, KINDS[k], secs(a), 1) for p, k, a in r]
    db = sqlite3.connect(store)
    with db:
        db.executemany("INSERT OR IGNORE INTO attendance_events(person_id, kind, at, import_id) VALUES (?,?,?,?)", rows)
    db.close()
    print(f"seconds={time.perf_counter() - t:.3f} rows={len(rows)}")


def import_pandas(store, path):
    import pandas as pd
    t = time.perf_counter()
    df = pd.read_csv(path, dtype={"person_id": str, "kind": str, "at": str})
    at = (pd.to_datetime(df["at"], format="ISO8601") - pd.Timestamp(0)) // pd.Timedelta(seconds=1)
    kind = df["kind"].map(KINDS)
    rows = list(zip(df["person_id"], kind.astype(int).tolist(), at.astype(int).tolist(), [1] * len(df)))
    db = sqlite3.connect(store)
    with db:
        db.executemany("INSERT OR IGNORE INTO attendance_events(person_id, kind, at, import_id) VALUES (?,?,?,?)", rows)
    db.close()
    print(f"seconds={time.perf_counter() - t:.3f} rows={len(rows)}")


def kpi(store, month):
    t = time.perf_counter()
    y, m = map(int, month.split("-"))
    lo = secs(f"{y:04d}-{m:02d}-01T00:00")
    hi = secs(f"{y + (m == 12):04d}-{m % 12 + 1:02d}-01T00:00")
    margin = 16 * 3600
    db = sqlite3.connect(store)
    rows = db.execute("SELECT person_id, kind, at FROM attendance_events WHERE at >= ? AND at < ? ORDER BY person_id, at, kind % 2 = 0",
                      (lo - margin, hi + margin)).fetchall()
    totals = [0, 0]
    state = {}
    for p, k, a in rows:
        pair = k // 2
        key = (p, pair)
        if k % 2 == 0:
            state[key] = a
        else:
            s = state.pop(key, None)
            if s is not None and a - s <= margin:
                totals[pair] += max(0, min(a, hi) - max(s, lo))
    print(f"seconds={time.perf_counter() - t:.3f} onDuty={totals[0]} online={totals[1]}")


if __name__ == "__main__":
    {"import-stdlib": import_stdlib, "import-pandas": import_pandas, "kpi": kpi}[sys.argv[1]](*sys.argv[2:])
