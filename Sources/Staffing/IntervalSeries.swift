import Foundation
import HotlineCore

/// Contacts per interval (a forecast `start,calls[,aht_seconds]` or an interval history with the
/// same columns), at one regular interval length.
public struct IntervalSeries: Sendable, Hashable {
    public var starts: [LocalDateTime]
    public var calls: [Double]
    /// Handle time per interval in seconds; 0 where unknown (no calls or no column).
    public var ahtSeconds: [Double]
    public var intervalMinutes: Int

    public init(starts: [LocalDateTime], calls: [Double], ahtSeconds: [Double], intervalMinutes: Int) {
        self.starts = starts
        self.calls = calls
        self.ahtSeconds = ahtSeconds
        self.intervalMinutes = intervalMinutes
    }

    /// Reads `start,calls[,aht_seconds]` (other columns are ignored). Rows must be consecutive
    /// intervals of one length (taken from the first two rows; a single row is taken as 60 minutes).
    /// A missing or empty `aht_seconds` uses `defaultAHT`; with neither, a row with calls is an error.
    public static func read(path: String, defaultAHT: Double?) throws -> IntervalSeries {
        let table = try CSVTable.read(path: path)
        let expected = ["start", "calls", "aht_seconds"]
        let cStart = try table.requireColumn("start", expected: expected)
        let cCalls = try table.requireColumn("calls", expected: expected)
        let cAHT = table.columnIndex("aht_seconds")
        var starts: [LocalDateTime] = [], calls: [Double] = [], aht: [Double] = []
        var step: Int?
        for row in table.cursors {
            let t = try row.dateTime(cStart)
            if let last = starts.last {
                let d = t.seconds - last.seconds
                if let step {
                    guard d == step else {
                        throw row.error(cStart, "expected the next interval \(last.adding(seconds: step)) (rows are consecutive intervals of \(step / 60) minutes), got '\(row.text(cStart))'")
                    }
                } else {
                    guard d > 0, d % 60 == 0, 86_400 % d == 0 else {
                        throw row.error(cStart, "the interval from \(last) to \(t) is not a whole number of minutes dividing a day (e.g. 15, 30, 60)")
                    }
                    step = d
                }
            }
            let c = try row.nonNegative(cCalls)
            var h = try row.optionalNonNegative(cAHT) ?? 0
            if h == 0 { h = defaultAHT ?? 0 }
            if c > 0 && h <= 0 {
                throw row.error(cAHT ?? cCalls, cAHT == nil
                    ? "has calls but the file has no aht_seconds column; give a handle time (--aht or the profile's service.aht_seconds)"
                    : "handle time must be > 0 seconds where there are calls; give --aht for a default")
            }
            starts.append(t); calls.append(c); aht.append(h)
        }
        guard !starts.isEmpty else { throw InputError(file: path, "has no rows; expected \(expected.joined(separator: ","))") }
        return IntervalSeries(starts: starts, calls: calls, ahtSeconds: aht, intervalMinutes: (step ?? 3600) / 60)
    }

    /// The same contacts at another interval length: finer intervals split calls evenly (same
    /// handle time), coarser ones add calls and weight handle time by calls. The lengths must divide
    /// one another, and a coarser interval must start on its boundary.
    public func resampled(toMinutes target: Int) throws -> IntervalSeries {
        guard target > 0, 1440 % target == 0 else {
            throw StaffingError.invalid(parameter: "intervalMinutes", value: Double(target), expected: "minutes dividing a day, e.g. 15, 30 or 60")
        }
        if target == intervalMinutes { return self }
        if target < intervalMinutes {
            guard intervalMinutes % target == 0 else {
                throw StaffingError.invalid(parameter: "intervalMinutes", value: Double(target), expected: "a length dividing the data's \(intervalMinutes) minutes")
            }
            let k = intervalMinutes / target
            var out = IntervalSeries(starts: [], calls: [], ahtSeconds: [], intervalMinutes: target)
            for i in starts.indices {
                for j in 0..<k {
                    out.starts.append(starts[i].adding(minutes: j * target))
                    out.calls.append(calls[i] / Double(k))
                    out.ahtSeconds.append(ahtSeconds[i])
                }
            }
            return out
        }
        guard target % intervalMinutes == 0 else {
            throw StaffingError.invalid(parameter: "intervalMinutes", value: Double(target), expected: "a multiple of the data's \(intervalMinutes) minutes")
        }
        let k = target / intervalMinutes
        guard let first = starts.first, first.seconds % (target * 60) == 0, starts.count % k == 0 else {
            throw StaffingError.invalid(parameter: "intervalMinutes", value: Double(target),
                                        expected: "data starting on a \(target)-minute boundary and covering whole \(target)-minute intervals")
        }
        var out = IntervalSeries(starts: [], calls: [], ahtSeconds: [], intervalMinutes: target)
        for g in stride(from: 0, to: starts.count, by: k) {
            let c = calls[g..<(g + k)].reduce(0, +)
            let work = (g..<(g + k)).reduce(0.0) { $0 + calls[$1] * ahtSeconds[$1] }
            let plain = ahtSeconds[g..<(g + k)].reduce(0, +) / Double(k)
            out.starts.append(starts[g]); out.calls.append(c); out.ahtSeconds.append(c > 0 ? work / c : plain)
        }
        return out
    }
}
