import HotlineCore

/// A broken rule in a roster, for one person.
public struct RuleViolation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var rule: String
    public var personId: String
    public var detail: String

    public var description: String { "\(personId): \(rule): \(detail)" }
}

/// Checks a week's roster against the rules, independently of how it was built. Shifts of the
/// previous week (published, or carried in by the cyclic plan) count for rest and overlap.
public enum RosterValidator {
    /// All violations of the week starting `weekStart` (a Monday). `shifts` may include shifts that
    /// started before the week (carry-in); only shifts starting inside the week count for hours and
    /// days off.
    public static func violations(of shifts: [ShiftAssignment], weekStart: CivilDate,
                                  rules: RosterRules) -> [RuleViolation] {
        let byPerson = Dictionary(grouping: shifts, by: \.personId)
        var result: [RuleViolation] = []
        for personId in byPerson.keys.sorted() {
            let own = byPerson[personId]!.sorted { $0.start < $1.start }
            result += oneShiftStartPerDate(own, personId: personId)
            result += shiftsEndAfterTheyStart(own, personId: personId)
            result += shiftLengthAtMostDailyLimit(own, personId: personId, rules: rules)
            result += minimumRestBetweenShifts(own, personId: personId, rules: rules)
            let week = own.filter { $0.date >= weekStart && $0.date < weekStart.adding(days: 7) }
            result += weeklyHoursAtMostLimit(week, personId: personId, rules: rules)
            result += daysOffInTheWeek(week, personId: personId, weekStart: weekStart, rules: rules)
        }
        return result
    }

    /// One shift a day: nobody has two shifts starting on one date.
    static func oneShiftStartPerDate(_ shifts: [ShiftAssignment], personId: String) -> [RuleViolation] {
        Dictionary(grouping: shifts, by: \.date).filter { $0.value.count > 1 }.keys.sorted().map {
            RuleViolation(rule: "one-shift-a-day", personId: personId, detail: "two or more shifts start on \($0)")
        }
    }

    static func shiftsEndAfterTheyStart(_ shifts: [ShiftAssignment], personId: String) -> [RuleViolation] {
        shifts.filter { $0.end <= $0.start }.map {
            RuleViolation(rule: "shift-has-length", personId: personId, detail: "shift on \($0.date) ends at \($0.end), not after its start \($0.start)")
        }
    }

    /// 8 hours a day (State Council regulation art. 3).
    static func shiftLengthAtMostDailyLimit(_ shifts: [ShiftAssignment], personId: String, rules: RosterRules) -> [RuleViolation] {
        shifts.filter { Double($0.durationSeconds) > rules.maxHoursPerDay * 3600 + 0.5 }.map {
            RuleViolation(rule: "max-hours-per-day", personId: personId,
                          detail: "shift on \($0.date) lasts \(Double($0.durationSeconds) / 3600) h > \(rules.maxHoursPerDay) h")
        }
    }

    /// At least `minRestHours` between the end of a shift and the start of the next (and no overlap).
    static func minimumRestBetweenShifts(_ shifts: [ShiftAssignment], personId: String, rules: RosterRules) -> [RuleViolation] {
        var result: [RuleViolation] = []
        for (a, b) in zip(shifts, shifts.dropFirst()) {
            let rest = Double(b.start.seconds - a.end.seconds) / 3600
            if rest < rules.minRestHours - 1e-9 {
                result.append(RuleViolation(rule: "min-rest", personId: personId,
                                            detail: "\(formatHours(rest)) h between the shift ending \(a.end) and the one starting \(b.start); at least \(formatHours(rules.minRestHours)) h required"))
            }
        }
        return result
    }

    /// 40 hours a week (State Council regulation art. 3), counted by shifts starting in the week.
    static func weeklyHoursAtMostLimit(_ week: [ShiftAssignment], personId: String, rules: RosterRules) -> [RuleViolation] {
        let hours = Double(week.reduce(0) { $0 + $1.durationSeconds }) / 3600
        guard hours > rules.maxHoursPerWeek + 1e-9 else { return [] }
        return [RuleViolation(rule: "max-hours-per-week", personId: personId,
                              detail: "\(formatHours(hours)) h in the week > \(formatHours(rules.maxHoursPerWeek)) h")]
    }

    /// At least one day off in the Monday–Sunday week (Labour Law art. 38): a date on which no
    /// shift starts.
    static func daysOffInTheWeek(_ week: [ShiftAssignment], personId: String, weekStart: CivilDate, rules: RosterRules) -> [RuleViolation] {
        let worked = Set(week.map(\.date)).count
        guard 7 - worked < rules.minDaysOffPerWeek else { return [] }
        return [RuleViolation(rule: "days-off-per-week", personId: personId,
                              detail: "\(7 - worked) day(s) off in the week of \(weekStart); at least \(rules.minDaysOffPerWeek) required")]
    }

    static func formatHours(_ h: Double) -> String {
        h == h.rounded() ? String(Int(h)) : String((h * 100).rounded() / 100)
    }
}
