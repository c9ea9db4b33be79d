import HotlineCore

/// A planner's event: on the days `from…to` (inclusive), optionally only in the hours
/// `fromHour..<toHour`, the forecast is multiplied by `multiplier`, or set so that each day's
/// affected hours total `calls` (spread like the forecast, or evenly where it has none).
public struct ForecastAdjustment: Sendable, Codable, Equatable {
    public enum Effect: Sendable, Codable, Equatable {
        case multiplier(Double)
        case calls(Double)
    }
    public var from: CivilDate
    public var to: CivilDate
    public var fromHour: Int
    public var toHour: Int
    public var effect: Effect
    public var note: String

    public init(from: CivilDate, to: CivilDate, fromHour: Int = 0, toHour: Int = 24, effect: Effect, note: String = "") {
        self.from = from; self.to = to; self.fromHour = fromHour; self.toHour = toHour
        self.effect = effect; self.note = note
    }

    /// What an adjustment did to the forecast.
    public struct Applied: Sendable, Codable, Equatable {
        public var from: String
        public var to: String
        public var note: String
        public var callsBefore: Double
        public var callsAfter: Double
    }

    /// Reads `from,to,multiplier,calls,from_hour,to_hour,note` (from, to and one of multiplier or
    /// calls required). Throws `InputError` naming the line and field.
    public static func load(path: String) throws -> [ForecastAdjustment] {
        let table = try CSVTable.read(path: path)
        let expected = ["from", "to", "multiplier", "calls", "from_hour", "to_hour", "note"]
        let cFrom = try table.requireColumn("from", expected: expected)
        let cTo = table.columnIndex("to")
        let cMul = table.columnIndex("multiplier"), cCalls = table.columnIndex("calls")
        let cFH = table.columnIndex("from_hour"), cTH = table.columnIndex("to_hour"), cNote = table.columnIndex("note")
        guard cMul != nil || cCalls != nil else {
            throw InputError(file: path, line: 1, field: "multiplier", "missing column: give multiplier or calls")
        }
        var out: [ForecastAdjustment] = []
        for row in table.cursors {
            let from = try row.date(cFrom)
            let to = row.text(cTo).isEmpty ? from : try row.date(cTo!)
            guard to >= from else { throw row.error(cTo!, "is before from (\(from)), got '\(row.text(cTo))'") }
            let mul = try row.optionalNonNegative(cMul), calls = try row.optionalNonNegative(cCalls)
            let effect: Effect
            switch (mul, calls) {
            case let (m?, nil): effect = .multiplier(m)
            case let (nil, c?): effect = .calls(c)
            case (nil, nil): throw row.error(cMul ?? cCalls!, "expected a multiplier (e.g. 1.3) or calls (e.g. 5000), got neither")
            case (_?, _?): throw row.error(cCalls!, "give a multiplier or calls, not both")
            }
            let fh = row.text(cFH).isEmpty ? 0 : Int(row.text(cFH)) ?? -1
            guard (0...23).contains(fh) else { throw row.error(cFH!, "expected an hour 0–23, got '\(row.text(cFH))'") }
            let th = row.text(cTH).isEmpty ? 24 : Int(row.text(cTH)) ?? -1
            guard th > fh && th <= 24 else { throw row.error(cTH!, "expected an hour after from_hour, at most 24, got '\(row.text(cTH))'") }
            out.append(ForecastAdjustment(from: from, to: to, fromHour: fh, toHour: th, effect: effect, note: row.text(cNote)))
        }
        return out
    }
}

extension HourlyForecast {
    /// This forecast with the adjustments applied in order (quantiles scale with the calls), and
    /// a report of each one's effect on the forecast days it covers.
    public func applying(_ adjustments: [ForecastAdjustment]) -> (HourlyForecast, [ForecastAdjustment.Applied]) {
        var f = self
        var report: [ForecastAdjustment.Applied] = []
        for a in adjustments {
            var before = 0.0, after = 0.0
            var d = a.from
            while d <= a.to {
                let first = LocalDateTime(date: d).hourIndex - start.hourIndex
                let idx = (a.fromHour..<a.toHour).map { first + $0 }.filter { f.calls.indices.contains($0) }
                d = d.adding(days: 1)
                guard !idx.isEmpty else { continue }
                let sum = idx.reduce(0) { $0 + f.calls[$1] }
                before += sum
                var factors = [Double](repeating: 1, count: idx.count)
                switch a.effect {
                case .multiplier(let m):
                    factors = factors.map { _ in m }
                    for (k, i) in idx.enumerated() { f.calls[i] *= factors[k] }
                case .calls(let c):
                    for (k, i) in idx.enumerated() {
                        let new = sum > 0 ? f.calls[i] / sum * c : c / Double(idx.count)
                        factors[k] = f.calls[i] > 0 ? new / f.calls[i] : 0
                        f.calls[i] = new
                    }
                }
                if var qs = f.quantiles {
                    for (level, values) in qs {
                        var v = values
                        for (k, i) in idx.enumerated() where v.indices.contains(i) {
                            v[i] = factors[k] > 0 || f.calls[i] == 0 ? (v[i] * factors[k]).rounded(.up) : f.calls[i]
                        }
                        qs[level] = v
                    }
                    f.quantiles = qs
                }
                after += idx.reduce(0) { $0 + f.calls[$1] }
            }
            report.append(.init(from: a.from.description, to: a.to.description, note: a.note, callsBefore: before, callsAfter: after))
        }
        return (f, report)
    }
}
