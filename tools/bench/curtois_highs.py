"""Peer for tools/bench/curtois: HiGHS (highspy, one thread) on the compact integer model that
`roster benchmark curtois FILE --write-lp OUT` writes (x_EMPLOYEE_DAY_SHIFT binaries, every hard
rule a row). The LP format leaves out the objective's constant (the on-requests' weights); it is
read from the file's comment and added back, so the figures are the benchmark's objective.
  python curtois_highs.py MODEL.lp TIME_LIMIT_SECONDS   ->  one JSON line
"""
import json, re, sys, time
import highspy

path, limit = sys.argv[1], float(sys.argv[2])
constant = 0.0
with open(path) as f:
    for line in f:
        m = re.match(r"\\\s*objective constant (\S+) not included", line)
        if m:
            constant = float(m.group(1))
h = highspy.Highs()
h.setOptionValue("output_flag", False)
h.setOptionValue("threads", 1)
h.setOptionValue("time_limit", limit)
h.setOptionValue("mip_rel_gap", 0.0)
h.readModel(path)
start = time.time()
h.run()
info = h.getInfo()
has = info.primal_solution_status == 2
print(json.dumps({
    "status": h.modelStatusToString(h.getModelStatus()),
    "objective": round(info.objective_function_value + constant) if has else None,
    "bound": info.mip_dual_bound + constant,
    "seconds": round(time.time() - start, 1),
}))
