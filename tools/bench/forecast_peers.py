#!/usr/bin/env python3
"""Peers for the Forecasting benchmark (tools/bench/forecast): statsforecast MSTL(24,168) and
SeasonalNaive(168), and the median of the last 8 weeks, on the Anonymous Bank 1999 protocol:
target = calls offered to agents per hour (AGENT + HANG with q_start != 0:00:00, by vru_entry
hour), origins every Sunday 00:00 from 1999-03-07 to 1999-07-25, horizon 7 days, all history
before the origin, days without records excluded from the score. Prints one JSON object.

Days without records inside the history (Jan 11-12) are given to the peers as the same hours one
week earlier (statsforecast needs a contiguous series; zeros would bias them)."""
import datetime as dt, glob, json, os, sys, time
import numpy as np

data = sys.argv[1]
D0 = dt.date(1999, 1, 1)
N = (dt.date(1999, 8, 1) - D0).days
y = np.zeros(N * 24)
rec = np.zeros(N, bool)
for f in sorted(glob.glob(os.path.join(data, "0*.txt"))):
    with open(f) as fh:
        next(fh)
        for line in fh:
            p = line.split()
            if len(p) < 17:
                continue
            d = p[5]
            day = (dt.date(1900 + int(d[:2]), int(d[2:4]), int(d[4:])) - D0).days
            rec[day] = True
            if p[12] == "AGENT" or (p[12] == "HANG" and p[9] != "0:00:00"):
                y[day * 24 + int(p[6].split(":")[0])] += 1
filled = y.copy()
for d in range(N):
    if not rec[d] and d >= 7:
        filled[d * 24:(d + 1) * 24] = filled[(d - 7) * 24:(d - 6) * 24]
origins = [(dt.date(1999, 3, 7) - D0).days + 7 * k for k in range(21)]
H = 7

def score(fc):
    err = tot = bias = 0.0
    mases = []
    for o, F in zip(origins, fc):
        # MASE scale: in-sample seasonal naive (168 h) MAE over recorded day pairs before the origin.
        diffs = [abs(y[t] - y[t - 168]) for t in range(168, o * 24) if rec[t // 24] and rec[t // 24 - 7]]
        scale = float(np.mean(diffs))
        we = n = 0.0
        for k in range(H):
            d = o + k
            if not rec[d]:
                continue
            a = y[d * 24:(d + 1) * 24]
            f = np.asarray(F[k * 24:(k + 1) * 24])
            we += np.abs(f - a).sum(); n += 24
            tot += a.sum(); bias += (f - a).sum()
        err += we
        mases.append(we / n / scale)
    return {"wape": err / tot, "mase": float(np.mean(mases)), "bias": bias / tot}

results = []
t0 = time.time()
fc = []
for o in origins:
    out = []
    for k in range(H):
        d = o + k
        weeks = [y[(d - 7 * j) * 24:(d - 7 * j + 1) * 24] for j in range(1, 9) if rec[d - 7 * j]]
        out.extend(np.median(weeks, axis=0))
    fc.append(out)
results.append({"name": "median-last-8-weeks", **score(fc), "seconds": time.time() - t0})

import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import MSTL, SeasonalNaive

idx = pd.date_range("1999-01-01", periods=N * 24, freq="h")
for name, model in [("statsforecast SeasonalNaive(168)", SeasonalNaive(season_length=168)),
                    ("statsforecast MSTL(24,168)", MSTL(season_length=[24, 168]))]:
    t0 = time.time()
    fc = []
    for o in origins:
        df = pd.DataFrame({"unique_id": "bank", "ds": idx[:o * 24], "y": filled[:o * 24]})
        sf = StatsForecast(models=[model], freq="h", n_jobs=1)
        pred = sf.forecast(df=df, h=H * 24)
        col = [c for c in pred.columns if c not in ("unique_id", "ds")][0]
        fc.append(np.maximum(pred[col].to_numpy(), 0))
    results.append({"name": name, **score(fc), "seconds": time.time() - t0})

import statsforecast
print(json.dumps({"peers": results, "statsforecast": statsforecast.__version__}, indent=1))
