import HotlineCore

/// Requirements CSV rows at one interval turned into the planner's interval.
///
/// - Hourly rows planned at 30 minutes: each hour becomes two half hours, each with the hour's
///   `agents` (an hourly requirement of N agents means N on the phones throughout the hour: with the
///   hour's calls arriving evenly, each half hour has half the calls over half the time, the same
///   load, so Erlang C gives the same N) and half its `calls`.
/// - Half-hourly rows planned at 60 minutes: each hour takes the larger `agents` of its two half
///   hours (covering the hour then covers both) and the sum of their `calls`.
public enum IntervalRequirements {
    /// Minutes between the first two rows (nil with fewer than two rows).
    public static func rowMinutes(_ rows: [Requirement]) -> Int? {
        guard rows.count >= 2 else { return nil }
        return (rows[1].start.seconds - rows[0].start.seconds) / 60
    }

    /// `rows` (consecutive, `from` minutes apart, starting on a whole hour) at `to` minutes.
    public static func resample(_ rows: [Requirement], from: Int, to: Int) -> [Requirement] {
        if from == to { return rows }
        if from == 60, to == 30 {
            return rows.flatMap { r in
                [Requirement(start: r.start, calls: r.calls / 2, agents: r.agents),
                 Requirement(start: r.start.adding(minutes: 30), calls: r.calls / 2, agents: r.agents)]
            }
        }
        precondition(from == 30 && to == 60, "only 60 ↔ 30 minutes")
        return stride(from: 0, to: rows.count, by: 2).map { i in
            let pair = rows[i..<min(rows.count, i + 2)]
            return Requirement(start: rows[i].start, calls: pair.reduce(0) { $0 + $1.calls }, agents: pair.map(\.agents).max() ?? 0)
        }
    }
}
