# Used by tools/bench/plan: the real30 input. # Half-hourly requirement from Anonymous Bank 1999, Sun 1999-03-14 .. Sat 03-20 placed on Mon 2026-12-07..,
# calls x 5, Erlang C (90% in 15 s, occupancy <= 85%) / (1 - 0.14), at least 3 (as RealHalfHourWeek in the tests).
NR > 1 && NF >= 17 {
  d = $6 + 0
  if (d < 990314 || d > 990320) next
  if (!($13 == "AGENT" || ($13 == "HANG" && $10 != "0:00:00"))) next
  split($7, t, ":")
  k = (d - 990314) * 48 + int((t[1] * 60 + t[2]) / 30)
  calls[k]++
  if ($13 == "AGENT") { talk += $16; served++ }
}
END {
  aht = talk / served
  print "start,calls,agents"
  for (k = 0; k < 336; k++) {
    c = calls[k] * 5; a = c * aht / 1800; n = 0
    if (a > 0) {
      n = int(a) + 1
      while (1) {
        b = 1; for (j = 1; j <= n; j++) b = a * b / (j + a * b)
        cc = n * b / (n - a * (1 - b)); sl = 1 - cc * exp(-(n - a) * 15 / aht)
        if (sl >= 0.9 && a / n <= 0.85) break
        n++
      }
    }
    r = n / (1 - 0.14); req = int(r); if (req < r - 1e-12) req++; if (req < 3) req = 3
    day = 7 + int(k / 48); m = (k % 48) * 30
    printf "2026-12-%02dT%02d:%02d,%s,%d\n", day, int(m / 60), m % 60, c, req
  }
}
