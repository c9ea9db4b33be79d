import Foundation
import HotlineCore
import TOMLKit

/// The capacity planner's settings: the optional `[capacity]` section of a center profile, with
/// defaults for every key. Keys (all optional):
///
/// | key | meaning | default |
/// |---|---|---|
/// | `training_weeks` | pre-job training of a new class, weeks (productive after it) | 6 |
/// | `class_size_min`, `class_size_max` | people in one training class | 5, 20 |
/// | `max_classes_per_month` | classes that may start in one month | 1 |
/// | `hiring_cost` | recruiting cost per hire (currency of `[pay]`) | 3000 |
/// | `training_cost` | trainer, material and seat cost per trainee (their wage during training is counted as salary) | 2000 |
/// | `probation_ramp` | productivity of a new agent in each month after training, e.g. `[0.7, 0.9]` | `[]` (fully productive) |
/// | `shortfall_penalty` | cost of one required agent-hour not covered | 300 |
/// | `floor_penalty` | cost of one person-month below the contract floor (a soft floor, so a plan always comes back) | 1000000 |
/// | `leave_share` | share of contract hours lost to annual and other short leave | 0.05 |
/// | `tour_efficiency` | scheduled / required agent-hours of a weekly plan (≥ 1); absent: calibrated from one planned week | none |
/// | `attrition_rate` | annual attrition used when neither the command nor the store gives one | none |
/// | `trainees_count_for_floor` | whether people in pre-job training count toward the staff floor | false |
/// | `max_overtime_hours_per_month` | overtime per agent and month the plan may use | `labour.max_overtime_hours_per_month` |
/// | `pool_role_min` | a non-agent role whose `[staff.min_by_role]` minimum is at least this is a pool the program hires for ahead of attrition; smaller roles are single posts replaced on departure | 5 |
/// | `replacement_months` | months a single post stays vacant after a departure until its replacement starts | 1 |
/// | `kpi_excluded_share` | share of separations that do not count for the turnover KPI (civil-service or public-institution posts), used when the store has no separation history | 0 |
public struct CapacitySettings: Sendable, Codable, Equatable {
    public var trainingWeeks: Int = 6
    public var classSizeMin: Int = 5
    public var classSizeMax: Int = 20
    public var maxClassesPerMonth: Int = 1
    public var hiringCost: Double = 3000
    public var trainingCost: Double = 2000
    public var probationRamp: [Double] = []
    public var shortfallPenalty: Double = 300
    public var floorPenalty: Double = 1_000_000
    public var leaveShare: Double = 0.05
    public var tourEfficiency: Double?
    public var attritionRate: Double?
    public var traineesCountForFloor: Bool = false
    public var maxOvertimeHoursPerMonth: Double?
    public var poolRoleMinimum: Int = 5
    public var replacementMonths: Int = 1
    public var kpiExcludedShare: Double?

    public init() {}

    public static let keys = ["training_weeks", "class_size_min", "class_size_max", "max_classes_per_month", "hiring_cost",
                              "training_cost", "probation_ramp", "shortfall_penalty", "floor_penalty", "leave_share",
                              "tour_efficiency", "attrition_rate", "trainees_count_for_floor", "max_overtime_hours_per_month",
                              "pool_role_min", "replacement_months", "kpi_excluded_share"]

    /// Reads the `[capacity]` section of the profile file at `path` (defaults when absent).
    public static func load(profilePath path: String) throws -> CapacitySettings {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the profile (missing or not UTF-8)")
        }
        return try parse(text, file: path)
    }

    /// Parses the `[capacity]` section of profile text; errors name the file, line and field.
    public static func parse(_ text: String, file: String) throws -> CapacitySettings {
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw InputError(file: file, line: Int(error.source.begin.line), "is not valid TOML: \(error.description)")
        }
        var s = CapacitySettings()
        guard let v = root["capacity"] else { return s }
        func fail(_ key: String, _ message: String) -> InputError {
            InputError(file: file, line: line(ofKey: key, text: text), field: "capacity.\(key)", message)
        }
        guard let t = v.table else { throw InputError(file: file, field: "capacity", "expected a table [capacity]") }
        for k in t.keys where !keys.contains(k) {
            throw fail(k, "unknown key; expected one of \(keys.joined(separator: ", "))")
        }
        func number(_ k: String) throws -> Double? {
            guard let x = t[k] else { return nil }
            if let d = x.double { return d }
            if let i = x.int { return Double(i) }
            throw fail(k, "expected a number")
        }
        func whole(_ k: String) throws -> Int? {
            guard let x = t[k] else { return nil }
            guard let i = x.int else { throw fail(k, "expected a whole number") }
            return i
        }
        if let i = try whole("training_weeks") {
            guard (0...52).contains(i) else { throw fail("training_weeks", "expected 0 to 52 weeks, got \(i)") }
            s.trainingWeeks = i
        }
        if let i = try whole("class_size_min") {
            guard i >= 1 else { throw fail("class_size_min", "must be at least 1, got \(i)") }
            s.classSizeMin = i
        }
        if let i = try whole("class_size_max") {
            guard i >= 1 else { throw fail("class_size_max", "must be at least 1, got \(i)") }
            s.classSizeMax = i
        }
        guard s.classSizeMin <= s.classSizeMax else {
            throw fail("class_size_max", "is \(s.classSizeMax), below class_size_min = \(s.classSizeMin)")
        }
        if let i = try whole("max_classes_per_month") {
            guard (0...10).contains(i) else { throw fail("max_classes_per_month", "expected 0 to 10, got \(i)") }
            s.maxClassesPerMonth = i
        }
        for (k, path) in [("hiring_cost", \CapacitySettings.hiringCost), ("training_cost", \.trainingCost),
                          ("shortfall_penalty", \.shortfallPenalty), ("floor_penalty", \.floorPenalty)] {
            if let x = try number(k) {
                guard x.isFinite, x >= 0 else { throw fail(k, "must be a non-negative amount, got \(x)") }
                s[keyPath: path] = x
            }
        }
        if let x = try number("leave_share") {
            guard x >= 0, x < 0.5 else { throw fail("leave_share", "expected a share in [0, 0.5), got \(x)") }
            s.leaveShare = x
        }
        if let x = try number("tour_efficiency") {
            guard x >= 1, x <= 3 else { throw fail("tour_efficiency", "expected scheduled / required agent-hours between 1 and 3, got \(x)") }
            s.tourEfficiency = x
        }
        if let x = try number("attrition_rate") {
            guard x >= 0, x < 1 else { throw fail("attrition_rate", "expected an annual rate in [0, 1), got \(x)") }
            s.attritionRate = x
        }
        if let x = try number("max_overtime_hours_per_month") {
            guard x >= 0, x <= 200 else { throw fail("max_overtime_hours_per_month", "expected 0 to 200 hours, got \(x)") }
            s.maxOvertimeHoursPerMonth = x
        }
        if let i = try whole("pool_role_min") {
            guard (1...1000).contains(i) else { throw fail("pool_role_min", "expected a headcount from 1 to 1000, got \(i)") }
            s.poolRoleMinimum = i
        }
        if let i = try whole("replacement_months") {
            guard (0...12).contains(i) else { throw fail("replacement_months", "expected 0 to 12 months, got \(i)") }
            s.replacementMonths = i
        }
        if let x = try number("kpi_excluded_share") {
            guard x >= 0, x <= 1 else { throw fail("kpi_excluded_share", "expected a share in [0, 1], got \(x)") }
            s.kpiExcludedShare = x
        }
        if let x = t["trainees_count_for_floor"] {
            guard let b = x.bool else { throw fail("trainees_count_for_floor", "expected true or false") }
            s.traineesCountForFloor = b
        }
        if let x = t["probation_ramp"] {
            guard let a = x.array else { throw fail("probation_ramp", "expected a list of shares, e.g. [0.7, 0.9]") }
            s.probationRamp = try a.enumerated().map { i, e in
                guard let d = e.double ?? e.int.map(Double.init), d > 0, d <= 1 else {
                    throw fail("probation_ramp", "element \(i + 1) must be a share in (0, 1]")
                }
                return d
            }
            guard s.probationRamp.count <= 12 else { throw fail("probation_ramp", "at most 12 months") }
        }
        return s
    }

    /// The 1-based line of `key` inside the `[capacity]` table (nil when not found).
    static func line(ofKey key: String, text: String) -> Int? {
        var current = ""
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let l = raw.trimmingCharacters(in: .whitespaces)
            if l.hasPrefix("[") {
                current = l.components(separatedBy: "#")[0].trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                continue
            }
            let k = l.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if current == "capacity", k == key { return n + 1 }
        }
        return nil
    }
}
