import Foundation
import HotlineCore

/// A roster for a Curtois & Qu instance: the shifts worked, as (employee, day, shift) indices.
public struct CurtoisSolution: Sendable, Equatable {
    public struct Assignment: Sendable, Equatable, Hashable {
        public var employee: Int
        public var day: Int
        public var shift: Int
        public init(employee: Int, day: Int, shift: Int) {
            self.employee = employee
            self.day = day
            self.shift = shift
        }
    }

    public var assignments: [Assignment]

    public init(assignments: [Assignment]) { self.assignments = assignments }

    /// Builds a solution from a grid `[employee][day] → shift index or nil (off)`.
    public init(grid: [[Int?]]) {
        var list: [Assignment] = []
        for (e, row) in grid.enumerated() {
            for (d, s) in row.enumerated() { if let s { list.append(.init(employee: e, day: d, shift: s)) } }
        }
        assignments = list
    }

    /// `employee,day,shift` rows with a header, employee and shift by their ids in the instance.
    public func csv(for instance: CurtoisInstance) -> String {
        var out = "employee,day,shift\n"
        for a in assignments.sorted(by: { ($0.employee, $0.day) < ($1.employee, $1.day) }) {
            out += "\(instance.staff[a.employee].id),\(a.day),\(instance.shifts[a.shift].id)\n"
        }
        return out
    }

    /// Reads `employee,day,shift` rows (a header line is optional) against an instance.
    public static func parseCSV(_ text: String, file: String, instance: CurtoisInstance) throws(InputError) -> CurtoisSolution {
        var list: [Assignment] = []
        var line = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            line += 1
            let content = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty || content.hasPrefix("#") { continue }
            let f = content.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if line == 1, f == ["employee", "day", "shift"] { continue }
            guard f.count == 3 else { throw InputError(file: file, line: line, "expected 3 fields employee,day,shift, got \(f.count)") }
            guard let e = instance.staffIndex(f[0]) else { throw InputError(file: file, line: line, field: "employee", "unknown employee '\(f[0])'") }
            guard let d = Int(f[1]), (0..<instance.days).contains(d) else {
                throw InputError(file: file, line: line, field: "day", "expected a day 0…\(instance.days - 1), got '\(f[1])'")
            }
            guard let s = instance.shiftIndex(f[2]) else { throw InputError(file: file, line: line, field: "shift", "unknown shift '\(f[2])'") }
            list.append(.init(employee: e, day: d, shift: s))
        }
        return CurtoisSolution(assignments: list)
    }
}

/// The benchmark's measure of a roster, recomputed from the instance alone (independent of any
/// solver): the soft objective and every broken hard rule.
public struct CurtoisEvaluation: Sendable, Equatable {
    /// A broken hard rule, said plainly (`employee B: 6 consecutive shifts from day 3, at most 5`).
    public struct Violation: Sendable, Equatable, Codable {
        public var rule: String
        public var employee: String?
        public var day: Int?
        public var message: String
    }

    /// Weights of shift-on requests not granted plus shift-off requests not granted.
    public var requestPenalty: Int
    /// Cover under- and over-staffing, weighted.
    public var coverPenalty: Int
    public var violations: [Violation]

    public var objective: Int { requestPenalty + coverPenalty }
    public var isFeasible: Bool { violations.isEmpty }
}

public enum CurtoisEvaluator {
    /// Recomputes the objective and checks every hard rule of the benchmark. Blocks of work or
    /// rest that touch the first or last day are exempt from the minimum-length rules (as in the
    /// published model); the maximum run of shifts applies everywhere.
    public static func evaluate(_ instance: CurtoisInstance, _ solution: CurtoisSolution) -> CurtoisEvaluation {
        let E = instance.staff.count, D = instance.days, S = instance.shifts.count
        var violations: [CurtoisEvaluation.Violation] = []
        func add(_ rule: String, _ e: Int?, _ d: Int?, _ message: String) {
            violations.append(.init(rule: rule, employee: e.map { instance.staff[$0].id }, day: d, message: message))
        }
        var grid = [[Int?]](repeating: [Int?](repeating: nil, count: D), count: E)
        for a in solution.assignments {
            guard (0..<E).contains(a.employee), (0..<D).contains(a.day), (0..<S).contains(a.shift) else {
                add("unknown", nil, nil, "assignment (\(a.employee), \(a.day), \(a.shift)) is outside the instance")
                continue
            }
            if let other = grid[a.employee][a.day] {
                add("one_shift_per_day", a.employee, a.day,
                    "employee \(instance.staff[a.employee].id) works \(instance.shifts[other].id) and \(instance.shifts[a.shift].id) on day \(a.day)")
                continue
            }
            grid[a.employee][a.day] = a.shift
        }

        for e in 0..<E {
            let p = instance.staff[e], id = p.id
            let row = grid[e]
            // Days off.
            for d in instance.daysOff[e].sorted() where row[d] != nil {
                add("days_off", e, d, "employee \(id) works on day \(d), a day off")
            }
            // Forbidden successions (day d then day d+1).
            for d in 0..<max(0, D - 1) {
                if let s = row[d], let t = row[d + 1], instance.shifts[s].cannotFollow.contains(t) {
                    add("succession", e, d, "employee \(id): \(instance.shifts[t].id) on day \(d + 1) cannot follow \(instance.shifts[s].id) on day \(d)")
                }
            }
            // Shifts per type, total minutes.
            var perType = [Int](repeating: 0, count: S)
            var minutes = 0
            for s in row.compactMap({ $0 }) { perType[s] += 1; minutes += instance.shifts[s].minutes }
            for s in 0..<S where perType[s] > p.maxShifts[s] {
                add("max_shifts", e, nil, "employee \(id) works \(perType[s]) \(instance.shifts[s].id) shifts, at most \(p.maxShifts[s])")
            }
            if minutes > p.maxTotalMinutes { add("max_total_minutes", e, nil, "employee \(id) works \(minutes) minutes, at most \(p.maxTotalMinutes)") }
            if minutes < p.minTotalMinutes { add("min_total_minutes", e, nil, "employee \(id) works \(minutes) minutes, at least \(p.minTotalMinutes)") }
            // Runs of work and rest.
            var start = 0
            while start < D {
                let working = row[start] != nil
                var end = start
                while end + 1 < D, (row[end + 1] != nil) == working { end += 1 }
                let length = end - start + 1
                let inside = start > 0 && end < D - 1
                if working {
                    if length > p.maxConsecutiveShifts {
                        add("max_consecutive_shifts", e, start, "employee \(id): \(length) consecutive shifts from day \(start), at most \(p.maxConsecutiveShifts)")
                    }
                    if inside, length < p.minConsecutiveShifts {
                        add("min_consecutive_shifts", e, start, "employee \(id): \(length) consecutive shifts from day \(start), at least \(p.minConsecutiveShifts)")
                    }
                } else if inside, length < p.minConsecutiveDaysOff {
                    add("min_consecutive_days_off", e, start, "employee \(id): \(length) consecutive days off from day \(start), at least \(p.minConsecutiveDaysOff)")
                }
                start = end + 1
            }
            // Weekends.
            var weekends = 0
            for w in 0..<instance.weeks where instance.weekendDays(w).contains(where: { row[$0] != nil }) { weekends += 1 }
            if weekends > p.maxWeekends { add("max_weekends", e, nil, "employee \(id) works \(weekends) weekends, at most \(p.maxWeekends)") }
        }

        var requestPenalty = 0
        for r in instance.onRequests where grid[r.employee][r.day] != r.shift { requestPenalty += r.weight }
        for r in instance.offRequests where grid[r.employee][r.day] == r.shift { requestPenalty += r.weight }
        var count = [Int](repeating: 0, count: D * S)
        for e in 0..<E { for d in 0..<D { if let s = grid[e][d] { count[d * S + s] += 1 } } }
        var coverPenalty = 0
        for c in instance.cover {
            let n = count[c.day * S + c.shift]
            coverPenalty += max(0, c.requirement - n) * c.underWeight + max(0, n - c.requirement) * c.overWeight
        }
        return CurtoisEvaluation(requestPenalty: requestPenalty, coverPenalty: coverPenalty, violations: violations)
    }
}
