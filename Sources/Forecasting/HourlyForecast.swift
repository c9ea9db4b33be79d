import Foundation
import HotlineCore

/// Forecast calls offered to agents and their handle time, hour by hour from `start`.
public struct HourlyForecast: Sendable, Codable {
    /// Start of the first hour (midnight of the first forecast day for models).
    public var start: LocalDateTime
    /// Calls offered to agents, one value per hour.
    public var calls: [Double]
    /// Mean handle time of those calls in seconds, one value per hour (0 when unknown).
    public var ahtSeconds: [Double]
    /// The model that made it (`file` when read back from CSV).
    public var model: String
    /// Quantiles of the calls per hour, by level (e.g. `quantiles[0.8]`: 80% of hours should see
    /// at most this many calls); nil when not computed. See `Uncertainty`.
    public var quantiles: [Double: [Double]]?
    /// The negative binomial dispersion the quantiles came from.
    public var dispersion: Double?

    public init(start: LocalDateTime, calls: [Double], ahtSeconds: [Double], model: String,
                quantiles: [Double: [Double]]? = nil, dispersion: Double? = nil) {
        self.start = start
        self.calls = calls
        self.ahtSeconds = ahtSeconds
        self.model = model
        self.quantiles = quantiles
        self.dispersion = dispersion
    }

    /// The hourly calls at quantile `level` (e.g. 0.8 to staff for a busy week): the stored
    /// quantile, or, when the forecast has a dispersion, computed from it. Throws when neither.
    public func calls(atQuantile level: Double) throws -> [Double] {
        guard level > 0 && level < 1 else { throw ForecastError("a quantile must be between 0 and 1 (e.g. 0.8), got \(level)") }
        if let q = quantiles?.first(where: { abs($0.key - level) < 1e-9 })?.value { return q }
        if let k = dispersion { return calls.map { Uncertainty.quantile(mean: $0, dispersion: k, level: level) } }
        let have = (quantiles ?? [:]).keys.sorted().map { ForecastCSV.quantileColumn($0) }
        throw ForecastError("the forecast has no \(ForecastCSV.quantileColumn(level)) column\(have.isEmpty ? "" : " (it has \(have.joined(separator: ", ")))"); make it with roster forecast --quantiles \(ForecastCSV.number(level, 3))")
    }

    public var totalCalls: Double { calls.reduce(0, +) }

    /// The start of hour `i`.
    public func hourStart(_ i: Int) -> LocalDateTime { start.adding(hours: i) }

    /// The 24 hourly calls of `date`, or nil when the forecast does not cover the whole day.
    public func calls(on date: CivilDate) -> [Double]? {
        let first = LocalDateTime(date: date).hourIndex - start.hourIndex
        guard first >= 0, first + 24 <= calls.count else { return nil }
        return Array(calls[first..<(first + 24)])
    }
}

/// A forecast that could not be made from the history given (too little of it, nothing to
/// learn from), said so that the planner knows what to supply.
public struct ForecastError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A forecasting method: hourly calls and handle time for `days` whole days from `start`,
/// from the history before `start` (history on or after `start` is not used).
public protocol ForecastModel: Sendable {
    var name: String { get }
    func forecast(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int) throws -> HourlyForecast
    /// The hourly calls of `forecast` without the handle times (what backtests score); by default
    /// `forecast(…).calls`.
    func forecastCalls(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int) throws -> [Double]
}

extension ForecastModel {
    public func forecastCalls(history: HourlySeries, calendar: HolidayCalendar, start: CivilDate, days: Int) throws -> [Double] {
        try forecast(history: history, calendar: calendar, start: start, days: days).calls
    }
}

/// The forecast file: `start,calls,aht_seconds`, one row per hour.
public enum ForecastCSV {
    public static let header = "start,calls,aht_seconds"

    /// The CSV text (header and one row per hour, `\n` line ends).
    /// The column of quantile `level`: `calls_p80` for 0.8, `calls_p975` for 0.975.
    public static func quantileColumn(_ level: Double) -> String {
        let pct = number(level * 100, 1).replacingOccurrences(of: ".", with: "")
        return "calls_p" + (level < 0.1 ? "0" : "") + pct
    }

    /// The CSV text (header and one row per hour, `\n` line ends); quantiles, when present,
    /// follow as `calls_p50,calls_p80,…` in increasing order.
    public static func text(_ f: HourlyForecast) -> String {
        let levels = (f.quantiles ?? [:]).keys.sorted()
        var out = header + levels.map { "," + quantileColumn($0) }.joined() + "\n"
        out.reserveCapacity(32 * (f.calls.count + 1) * (1 + levels.count))
        for i in f.calls.indices {
            let aht = i < f.ahtSeconds.count ? f.ahtSeconds[i] : 0
            out += "\(f.hourStart(i)),\(number(f.calls[i], 3)),\(number(aht, 3))"
            for l in levels { out += "," + number(f.quantiles![l]![i], 3) }
            out += "\n"
        }
        return out
    }

    public static func write(_ f: HourlyForecast, to path: String) throws {
        do {
            try text(f).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw InputError(file: path, "cannot write the forecast: \(error.localizedDescription)")
        }
    }

    /// Reads a forecast file; rows must be consecutive clock hours. `aht_seconds` may be absent (0).
    public static func read(path: String) throws -> HourlyForecast {
        let table = try CSVTable.read(path: path)
        let expected = ["start", "calls", "aht_seconds"]
        let cStart = try table.requireColumn("start", expected: expected)
        let cCalls = try table.requireColumn("calls", expected: expected)
        let cAHT = table.columnIndex("aht_seconds")
        var qColumns: [(Double, Int)] = []
        for (i, name) in table.header.enumerated() where name.hasPrefix("calls_p") {
            let digits = name.dropFirst(7)
            guard !digits.isEmpty, digits.allSatisfy(\.isNumber), let v = Double("0." + digits), v > 0, v < 1 else {
                throw InputError(file: path, line: 1, field: name, "expected a quantile column calls_pNN (e.g. calls_p80)")
            }
            qColumns.append((v, i))
        }
        var qValues = [[Double]](repeating: [], count: qColumns.count)
        var start: LocalDateTime?
        var calls: [Double] = [], aht: [Double] = []
        for row in table.cursors {
            let t = try row.dateTime(cStart)
            if let start {
                let expectedStart = start.adding(hours: calls.count)
                guard t == expectedStart else {
                    throw row.error(cStart, "expected the next hour \(expectedStart) (rows are consecutive clock hours), got '\(row.text(cStart))'")
                }
            } else {
                guard t.minute == 0, t.second == 0 else {
                    throw row.error(cStart, "expected the start of a clock hour (HH:00), got '\(row.text(cStart))'")
                }
                start = t
            }
            calls.append(try row.nonNegative(cCalls))
            aht.append(try row.optionalNonNegative(cAHT) ?? 0)
            for (k, c) in qColumns.enumerated() { qValues[k].append(try row.nonNegative(c.1)) }
        }
        guard let start else { throw InputError(file: path, line: 2, "has no rows: one row per forecast hour is expected") }
        var quantiles: [Double: [Double]]?
        if !qColumns.isEmpty {
            quantiles = [:]
            for (k, c) in qColumns.enumerated() { quantiles![c.0] = qValues[k] }
        }
        return HourlyForecast(start: start, calls: calls, ahtSeconds: aht, model: "file", quantiles: quantiles)
    }

    /// A plain decimal with at most `digits` decimals, trailing zeros dropped (no exponent).
    static func number(_ v: Double, _ digits: Int) -> String {
        var s = String(format: "%.\(digits)f", v)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }
}
