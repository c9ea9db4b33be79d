import Foundation

/// Required people on phones in one interval: a row of the requirements CSV (`start,calls,agents`).
public struct Requirement: Hashable, Sendable, Codable {
    public var start: LocalDateTime
    public var calls: Double
    /// Required agents on shift (not on a break) in the interval, after shrinkage.
    public var agents: Int

    public init(start: LocalDateTime, calls: Double, agents: Int) {
        self.start = start
        self.calls = calls
        self.agents = agents
    }
}

/// Reads and writes the requirements CSV of DESIGN.md.
public enum RequirementsCSV {
    public static let columns = ["start", "calls", "agents"]

    public static func read(path: String) throws -> [Requirement] {
        let table = try CSVTable.read(path: path)
        let start = try table.requireColumn("start", expected: columns)
        let calls = try table.requireColumn("calls", expected: columns)
        let agents = try table.requireColumn("agents", expected: columns)
        var result: [Requirement] = []
        for row in table.cursors {
            let a = try row.nonNegative(agents)
            guard a == a.rounded() else { throw row.error(agents, "expected a whole number of agents, got \(row.text(agents))") }
            let r = Requirement(start: try row.dateTime(start), calls: try row.nonNegative(calls), agents: Int(a))
            if let last = result.last, r.start <= last.start {
                throw row.error(start, "intervals must be in increasing time order; \(r.start) follows \(last.start)")
            }
            result.append(r)
        }
        guard !result.isEmpty else { throw InputError(file: path, "has no rows; expected \(columns.joined(separator: ","))") }
        return result
    }

    public static func write(_ requirements: [Requirement], to path: String) throws {
        var out = columns.joined(separator: ",") + "\n"
        for r in requirements {
            out += "\(r.start),\(formatNumber(r.calls)),\(r.agents)\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Numbers in files: at most 3 decimals, no trailing zeros.
    public static func formatNumber(_ v: Double) -> String {
        let r = (v * 1000).rounded() / 1000
        if r == r.rounded() { return String(Int(r)) }
        return String(format: "%.3f", r).replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
    }
}
