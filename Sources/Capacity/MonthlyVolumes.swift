import Foundation
import HotlineCore

/// Calls per month over the planning horizon, from a `month,calls` CSV (header required; one line
/// a month, `month` as `YYYY-MM`, `calls` a non-negative number), e.g. the volumes a contract or
/// the city's annual plan gives. The capacity plan spreads each month's calls over its hours by the
/// forecaster's shape (hour of week, the holiday calendar's day effects) — see
/// `CapacityNeed.fromHistory(volumes:)`.
public struct MonthlyVolumes: Sendable, Equatable {
    public var file: String
    public var calls: [PlanMonth: Double]
    /// The line of each month in the file, for errors found later (a month the plan needs is missing).
    public var lines: [PlanMonth: Int]

    public init(file: String, calls: [PlanMonth: Double], lines: [PlanMonth: Int] = [:]) {
        self.file = file
        self.calls = calls
        self.lines = lines
    }

    public static let columns = ["month", "calls"]

    public static func load(path: String) throws -> MonthlyVolumes {
        try parse(table: CSVTable.read(path: path))
    }

    public static func parse(text: String, file: String) throws -> MonthlyVolumes {
        try parse(table: CSVTable(text: text, file: file))
    }

    /// Every error names the file, the line and the field, and says what is expected.
    static func parse(table: CSVTable) throws -> MonthlyVolumes {
        let monthColumn = try table.requireColumn("month", expected: columns)
        let callsColumn = try table.requireColumn("calls", expected: columns)
        for (i, name) in table.header.enumerated() where !columns.contains(name.lowercased()) {
            throw InputError(file: table.file, line: 1, field: name.isEmpty ? "column \(i + 1)" : name,
                             "unknown column; the header must be month,calls")
        }
        var out = MonthlyVolumes(file: table.file, calls: [:])
        for row in table.cursors {
            if row.row.fields.count > table.header.count {
                throw InputError(file: table.file, line: row.line, field: nil,
                                 "has \(row.row.fields.count) fields; expected \(table.header.count) (month,calls)")
            }
            let text = try row.requiredText(monthColumn)
            guard text.split(separator: "-").count == 2, let month = PlanMonth.parse(text) else {
                throw row.error(monthColumn, "expected a month YYYY-MM (e.g. 2027-01), got '\(text)'")
            }
            if let first = out.lines[month] {
                throw row.error(monthColumn, "month \(month) is listed twice (first on line \(first))")
            }
            let calls = try row.nonNegative(callsColumn)
            out.calls[month] = calls
            out.lines[month] = row.line
        }
        guard !out.calls.isEmpty else { throw InputError(file: table.file, "has no months; expected one line a month: month,calls") }
        return out
    }

    /// The calls of each of `months` months from `from`; throws naming the file when one is missing.
    public func calls(from: PlanMonth, months: Int) throws -> [Double] {
        try (0..<months).map { k in
            let m = from.adding(months: k)
            guard let c = calls[m] else {
                throw InputError(file: file, field: "month",
                                 "has no line for \(m); give one line for every planned month \(from)…\(from.adding(months: months - 1))")
            }
            return c
        }
    }
}
