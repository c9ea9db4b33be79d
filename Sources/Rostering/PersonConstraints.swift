import HotlineCore

/// A shift-on or shift-off request (wish) with its weight: soft.
public struct ShiftWish: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case on = "shift_on", off = "shift_off" }
    public var kind: Kind
    public var date: CivilDate
    /// English shift name (`Early`, `Middle`, `Late`, `Night`) or nil for any shift.
    public var shiftName: String?
    public var weight: Double

    public init(kind: Kind, date: CivilDate, shiftName: String? = nil, weight: Double = 1) {
        self.kind = kind
        self.date = date
        self.shiftName = shiftName
        self.weight = weight
    }
}

/// A recurring window in which a person cannot work (an availability restriction): on the given
/// ISO weekdays (1 = Monday … 7 = Sunday), from `fromMinute` to `toMinute` after midnight. A
/// window with `toMinute <= fromMinute` runs past midnight into the next day; 0…1440 is the whole
/// day. Hard: no shift may overlap it.
public struct AvailabilityWindow: Hashable, Sendable, Codable {
    public var weekdays: Set<Int>
    public var fromMinute: Int
    public var toMinute: Int

    public init(weekdays: Set<Int>, fromMinute: Int = 0, toMinute: Int = 1440) {
        self.weekdays = weekdays
        self.fromMinute = fromMinute
        self.toMinute = toMinute
    }

    /// Whether `[start, end)` overlaps the window on any of its days.
    public func overlaps(start: LocalDateTime, end: LocalDateTime) -> Bool {
        guard end > start else { return false }
        let length = toMinute > fromMinute ? toMinute - fromMinute : 1440 - fromMinute + toMinute
        // A window that starts on the day before the shift can still reach into it.
        var day = start.date.adding(days: -1)
        while day <= end.date {
            if weekdays.contains(day.weekday) {
                let ws = LocalDateTime(date: day, minute: fromMinute)
                let we = ws.adding(minutes: length)
                if ws < end && start < we { return true }
            }
            day = day.adding(days: 1)
        }
        return false
    }
}

/// What one person's roster must (hard) or should (soft) respect beyond the common rules.
public struct PersonConstraints: Hashable, Sendable, Codable {
    /// Approved leave: no shift starts on these dates. Hard.
    public var leave: Set<CivilDate> = []
    /// Fixed weekly days off (ISO weekday 1 = Monday … 7 = Sunday). Hard.
    public var fixedDaysOff: Set<Int> = []
    /// Training sessions: blocks of time off the phones (no shift may overlap). Hard.
    public var training: [ClosedRange<LocalDateTime>] = []
    /// Protected staff (pregnant 7+ months, nursing under 1 year): no night work (22:00–06:00)
    /// and no overtime. Hard.
    public var protected: Bool = false
    /// Shift-on / shift-off requests. Soft.
    public var wishes: [ShiftWish] = []
    /// Recurring windows in which the person cannot work (weekdays and hours). Hard.
    public var unavailableWindows: [AvailabilityWindow] = []

    public init(leave: Set<CivilDate> = [], fixedDaysOff: Set<Int> = [], training: [ClosedRange<LocalDateTime>] = [],
                protected: Bool = false, wishes: [ShiftWish] = [], unavailableWindows: [AvailabilityWindow] = []) {
        self.unavailableWindows = unavailableWindows
        self.leave = leave
        self.fixedDaysOff = fixedDaysOff
        self.training = training
        self.protected = protected
        self.wishes = wishes
    }

    /// Whether the person may not start a shift on `date` (leave or a fixed day off).
    public func unavailable(on date: CivilDate) -> Bool {
        leave.contains(date) || fixedDaysOff.contains(date.weekday)
    }

    /// Whether a shift `[start, end)` overlaps one of the person's training sessions.
    public func overlapsTraining(start: LocalDateTime, end: LocalDateTime) -> Bool {
        training.contains { $0.lowerBound < end && start < $0.upperBound }
    }

    /// Whether a shift `[start, end)` overlaps one of the person's unavailability windows.
    public func overlapsUnavailableWindow(start: LocalDateTime, end: LocalDateTime) -> Bool {
        unavailableWindows.contains { $0.overlaps(start: start, end: end) }
    }

    /// Whether a shift `[start, end)` on `date` is ruled out by leave, a fixed day off, a training
    /// session or an unavailability window (protected staff's nights are checked apart).
    public func blocks(date: CivilDate, start: LocalDateTime, end: LocalDateTime) -> Bool {
        unavailable(on: date) || overlapsTraining(start: start, end: end) || overlapsUnavailableWindow(start: start, end: end)
    }
}

/// The requests file: per-person constraints the store has no place for (wishes, fixed days off,
/// training blocks, protected status, approved leave). CSV with header
/// `person_id,kind,from,to,shift,weight`:
///
/// | kind | from | to | shift | weight |
/// |---|---|---|---|---|
/// | `leave` | first day | last day (default = from) | | |
/// | `day_off` | ISO weekday 1–7 or `mon`…`sun` (fixed weekly day off) | | | |
/// | `training` | start `YYYY-MM-DDTHH:MM` | end | | |
/// | `protected` | (optional) `pregnant` or `nursing` | | | |
/// | `shift_on` / `shift_off` | date | | `early`/`middle`/`late`/`night`/`any` | > 0, default 1 |
///
/// Imports are all-or-nothing: every bad line is reported (file, line, field).
public enum RequestsCSV {
    public static let columns = ["person_id", "kind", "from", "to", "shift", "weight"]
    static let weekdays = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]
    static let shiftNames = ["early": "Early", "middle": "Middle", "late": "Late", "night": "Night"]

    public static func read(path: String, knownPeople: Set<String>? = nil) throws -> [String: PersonConstraints] {
        try parse(CSVTable.read(path: path), knownPeople: knownPeople)
    }

    public static func parse(text: String, file: String, knownPeople: Set<String>? = nil) throws -> [String: PersonConstraints] {
        try parse(CSVTable(text: text, file: file), knownPeople: knownPeople)
    }

    static func parse(_ table: CSVTable, knownPeople: Set<String>?) throws -> [String: PersonConstraints] {
        let id = try table.requireColumn("person_id", expected: columns)
        let kind = try table.requireColumn("kind", expected: columns)
        let from = try table.requireColumn("from", expected: columns)
        let to = table.columnIndex("to")
        let shift = table.columnIndex("shift")
        let weight = table.columnIndex("weight")
        var result: [String: PersonConstraints] = [:]
        var errors: [InputError] = []
        for row in table.cursors {
            do {
                let person = try row.requiredText(id)
                if let knownPeople, !knownPeople.contains(person) {
                    throw row.error(id, "no person '\(person)' in the people list")
                }
                var c = result[person] ?? PersonConstraints()
                let k = row.text(kind).lowercased()
                switch k {
                case "leave":
                    let first = try row.date(from)
                    let last = row.text(to).isEmpty ? first : try row.date(to!)
                    guard last >= first else { throw row.error(to, "leave ends (\(last)) before it starts (\(first))") }
                    for n in first.dayNumber...last.dayNumber { c.leave.insert(CivilDate(dayNumber: n)) }
                case "day_off":
                    let t = row.text(from).lowercased()
                    guard let d = Int(t).flatMap({ (1...7).contains($0) ? $0 : nil }) ?? weekdays[String(t.prefix(3))] else {
                        throw row.error(from, "expected an ISO weekday 1–7 or mon…sun, got '\(t)'")
                    }
                    c.fixedDaysOff.insert(d)
                case "training":
                    let s = try row.dateTime(from)
                    guard let to else { throw row.error(nil, "a training row needs the column 'to' (end of the session)") }
                    let e = try row.dateTime(to)
                    guard e > s else { throw row.error(to, "training ends (\(e)) before or when it starts (\(s))") }
                    c.training.append(s...e)
                case "protected":
                    let t = row.text(from).lowercased()
                    guard t.isEmpty || t == "pregnant" || t == "nursing" else {
                        throw row.error(from, "expected empty, 'pregnant' or 'nursing', got '\(t)'")
                    }
                    c.protected = true
                case "shift_on", "shift_off":
                    let date = try row.date(from)
                    let name = row.text(shift).lowercased()
                    var shiftName: String? = nil
                    if !(name.isEmpty || name == "any") {
                        guard let n = shiftNames[name] else { throw row.error(shift, "expected early, middle, late, night or any, got '\(name)'") }
                        shiftName = n
                    }
                    var w = 1.0
                    if !row.text(weight).isEmpty {
                        guard let v = Double(row.text(weight)), v > 0, v.isFinite else {
                            throw row.error(weight, "expected a positive number, got '\(row.text(weight))'")
                        }
                        w = v
                    }
                    c.wishes.append(ShiftWish(kind: k == "shift_on" ? .on : .off, date: date, shiftName: shiftName, weight: w))
                default:
                    throw row.error(kind, "unknown kind '\(k)'; expected leave, day_off, training, protected, shift_on or shift_off")
                }
                result[person] = c
            } catch let e as InputError {
                errors.append(e)
            }
        }
        if let first = errors.first {
            guard errors.count > 1 else { throw first }
            throw InputError(file: first.file, line: first.line, field: first.field,
                             first.message + " (and \(errors.count - 1) more bad line(s): " +
                             errors.dropFirst().prefix(5).map { "line \($0.line.map(String.init) ?? "?"): \($0.message)" }.joined(separator: "; ") + ")")
        }
        return result
    }
}
