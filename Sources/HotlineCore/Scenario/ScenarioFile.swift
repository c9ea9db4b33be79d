import Foundation
import HotlineCore
import TOMLKit

/// A what-if scenario (TOML, `rosters/scenarios/*.toml`): a period, events that change the call
/// volume, handle-time changes, extra absence, and the surge measures the planner allows.
///
/// ```toml
/// name = "国庆节 2026"
/// name_en = "National Day 2026"
/// [period]
/// start = 2026-09-14          # a Monday
/// weeks = 4
/// [[events]]
/// name = "国庆假期咨询"
/// from = 2026-10-01T00:00     # inclusive
/// to = 2026-10-08T00:00       # exclusive
/// multiplier = 1.3            # or calls_per_hour = 400
/// [[handle_time]]
/// multiplier = 1.1            # or seconds = 300; optional from/to
/// [[absence]]
/// from = 2026-10-01T00:00
/// to = 2026-10-08T00:00
/// share = 0.05                # of the phone agents, and/or people = ["P0003"]
/// [measures]
/// overtime = true
/// rest_day_work = true
/// time_off_in_lieu = false
/// cancel_training = true
/// training_components = ["coaching_meetings"]
/// standby = ["P0085", "P0086"]
/// emergency = false           # Labour Law art. 42: lifts the art. 41 overtime limits
/// [measures.overtime_worked]  # overtime already worked in the period's first month
/// default = 0
/// P0001 = 6
/// [[standby_pool]]            # standby people not in the people file (joined to `standby`)
/// id = "S001"
/// name = "..."
/// contract_hours_per_week = 40
/// ```
/// Dates and times may be TOML dates / local date-times or strings (`2026-10-01T08:00`).
/// Errors name the file, line and field.
///
/// This is the one reader of scenario files: it lives in HotlineCore so that both the scenario
/// runner (`Scenarios`, which sits above `HotlineRoster` and `Workflows`) and the capacity plan
/// (`Capacity`, below `Workflows`) read the same files the same way.
public struct Scenario: Sendable {
    public var file: String
    public var name: String
    public var nameEnglish: String?
    public var description: String?
    public var descriptionEnglish: String?
    /// First day of the period (a Monday).
    public var start: CivilDate
    public var weeks: Int
    public var events: [Event]
    public var handleTime: [HandleTimeChange]
    public var absences: [Absence]
    public var measures: Measures
    /// People of a standby pool who are not in the people file (part-timers, former agents, staff
    /// of a partner center): phone agents, called in only as standby.
    public var standbyPool: [StandbyPerson]
    /// Seed for the choice of absent agents when an absence gives a share.
    public var seed: UInt64
    /// Line of each field path (e.g. `events[1].multiplier`), for errors found later (unknown people).
    public var lines: [String: Int]

    public var days: Int { weeks * 7 }
    public var hours: Int { days * 24 }
    public var periodStart: LocalDateTime { LocalDateTime(date: start) }
    public var periodEnd: LocalDateTime { LocalDateTime(date: start.adding(days: days)) }

    public struct Event: Sendable, Equatable {
        public var name: String
        public var nameEnglish: String?
        /// Inclusive start.
        public var from: LocalDateTime
        /// Exclusive end.
        public var to: LocalDateTime
        /// Calls are multiplied by this in the event's hours.
        public var multiplier: Double?
        /// Or: the calls per hour in the event's hours.
        public var callsPerHour: Double?

        public init(name: String, nameEnglish: String? = nil, from: LocalDateTime, to: LocalDateTime,
                    multiplier: Double? = nil, callsPerHour: Double? = nil) {
            self.name = name
            self.nameEnglish = nameEnglish
            self.from = from
            self.to = to
            self.multiplier = multiplier
            self.callsPerHour = callsPerHour
        }
    }

    public struct HandleTimeChange: Sendable, Equatable {
        public var from: LocalDateTime?
        public var to: LocalDateTime?
        public var multiplier: Double?
        public var seconds: Double?

        public init(from: LocalDateTime? = nil, to: LocalDateTime? = nil, multiplier: Double? = nil, seconds: Double? = nil) {
            self.from = from
            self.to = to
            self.multiplier = multiplier
            self.seconds = seconds
        }
    }

    public struct Absence: Sendable, Equatable {
        public var name: String?
        public var from: LocalDateTime
        public var to: LocalDateTime
        /// Share of the rostered phone agents absent (chosen by a seeded draw).
        public var share: Double
        /// Named people absent.
        public var people: [String]
        /// Index in the file (`absence[i]`), for errors.
        public var index: Int
    }

    public struct StandbyPerson: Sendable, Equatable {
        public var id: String
        public var name: String
        public var contractHoursPerWeek: Double

        public init(id: String, name: String, contractHoursPerWeek: Double = 40) {
            self.id = id
            self.name = name
            self.contractHoursPerWeek = contractHoursPerWeek
        }
    }

    public struct Measures: Sendable, Equatable {
        /// Extend rostered shifts (≤ the profile's daily and monthly overtime limits unless emergency).
        public var overtime: Bool
        /// Rostered agents work a day off (200% unless time off in lieu is planned).
        public var restDayWork: Bool
        /// Time off in lieu is planned: rest-day work is given back as a day off elsewhere in the
        /// period (then paid as an ordinary day), and rostered work on a holiday block's rest days
        /// is compensated by time off (not 200%).
        public var timeOffInLieu: Bool
        /// Cancel on-the-job training in short hours: the named shrinkage components go to phones.
        public var cancelTraining: Bool
        public var trainingComponents: [String]
        /// Named people of the people file called in from a standby pool.
        public var standby: [String]
        /// Labour Law art. 42 emergency: the art. 41 overtime limits (3 h a day, 36 h a month) are
        /// lifted; still at most `emergencyMaxHoursPerDay` on duty and the profile's minimum rest.
        public var emergency: Bool
        public var emergencyMaxHoursPerDay: Double
        /// Overtime already worked in the period's first month before the period, by person.
        public var overtimeWorked: [String: Double]
        public var overtimeWorkedDefault: Double
        /// A whole extra shift (rest day, standby) is used only if at least this share of its hours
        /// are short hours.
        public var minUsefulShare: Double

        public init(overtime: Bool = true, restDayWork: Bool = false, timeOffInLieu: Bool = false,
                    cancelTraining: Bool = false, trainingComponents: [String] = [], standby: [String] = [],
                    emergency: Bool = false, emergencyMaxHoursPerDay: Double = 12,
                    overtimeWorked: [String: Double] = [:], overtimeWorkedDefault: Double = 0, minUsefulShare: Double = 0.5) {
            self.overtime = overtime
            self.restDayWork = restDayWork
            self.timeOffInLieu = timeOffInLieu
            self.cancelTraining = cancelTraining
            self.trainingComponents = trainingComponents
            self.standby = standby
            self.emergency = emergency
            self.emergencyMaxHoursPerDay = emergencyMaxHoursPerDay
            self.overtimeWorked = overtimeWorked
            self.overtimeWorkedDefault = overtimeWorkedDefault
            self.minUsefulShare = minUsefulShare
        }

        public func overtimeAlreadyWorked(_ personId: String) -> Double { overtimeWorked[personId] ?? overtimeWorkedDefault }
    }

    public init(file: String = "scenario", name: String, nameEnglish: String? = nil, start: CivilDate, weeks: Int,
                events: [Event] = [], handleTime: [HandleTimeChange] = [], absences: [Absence] = [],
                measures: Measures = Measures(), seed: UInt64 = 12345) {
        self.file = file
        self.name = name
        self.nameEnglish = nameEnglish
        self.start = start
        self.weeks = weeks
        self.events = events
        self.handleTime = handleTime
        self.absences = absences
        self.measures = measures
        self.standbyPool = []
        self.seed = seed
        self.lines = [:]
    }

    /// The name in `language`.
    public func title(_ language: DocumentLanguage) -> String { language == .zh ? name : (nameEnglish ?? name) }

    /// An `InputError` about `field`, with its line when known.
    public func error(_ field: String, _ message: String) -> InputError {
        InputError(file: file, line: Scenario.line(of: field, in: lines), field: field, message)
    }

    static func line(of field: String, in lines: [String: Int]) -> Int? {
        var f = field
        while true {
            if let l = lines[f] { return l }
            guard let cut = f.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            f = String(f[..<cut])
        }
    }

    // MARK: Loading

    public static func load(path: String) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the scenario (missing or not UTF-8)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> Scenario {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw InputError(file: file, line: Int(error.source.begin.line), "is not valid TOML: \(error.description)")
        }
        var r = Reader(file: file, lines: lineMap(text))
        return try r.scenario(table)
    }

    /// Field path → line, from the text: `[table]`, `[[array]]` (indexed) and `key =` lines.
    static func lineMap(_ text: String) -> [String: Int] {
        var map: [String: Int] = [:]
        var current = ""
        var arrayCounts: [String: Int] = [:]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[[") {
                let name = line.dropFirst(2).prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                let n = arrayCounts[name, default: 0]
                arrayCounts[name] = n + 1
                current = "\(name)[\(n)]"
                map[current] = i + 1
            } else if line.hasPrefix("[") {
                var name = line.dropFirst().prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                // A sub-table of the last element of an array of tables: measures.x under [[a]] stays simple.
                if let dot = name.firstIndex(of: "."), let n = arrayCounts[String(name[..<dot])] {
                    name = "\(name[..<dot])[\(n - 1)]\(name[dot...])"
                }
                current = name
                map[current] = i + 1
            } else if let eq = line.firstIndex(of: "=") {
                let key = line[..<eq].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                map[current.isEmpty ? key : "\(current).\(key)"] = i + 1
            }
        }
        return map
    }

    /// Reads the TOML table with field paths, so every error names its field and line.
    struct Reader {
        var file: String
        var lines: [String: Int]

        func fail(_ field: String, _ message: String) -> InputError {
            InputError(file: file, line: Scenario.line(of: field, in: lines), field: field, message)
        }

        func checkKeys(_ t: TOMLTable, _ path: String, allowed: [String]) throws {
            for key in t.keys.sorted() where !allowed.contains(key) {
                let field = path.isEmpty ? key : "\(path).\(key)"
                throw fail(field, "unknown key; expected one of \(allowed.joined(separator: ", "))")
            }
        }

        func string(_ t: TOMLTable, _ key: String, _ path: String, required: Bool = false) throws -> String? {
            let field = path.isEmpty ? key : "\(path).\(key)"
            guard let v = t[key] else {
                if required { throw fail(field, "is missing") }
                return nil
            }
            guard let s = v.string else { throw fail(field, "expected a string") }
            return s
        }

        func number(_ t: TOMLTable, _ key: String, _ path: String) throws -> Double? {
            guard let v = t[key] else { return nil }
            if let d = v.double { return d }
            if let i = v.int { return Double(i) }
            throw fail("\(path).\(key)", "expected a number")
        }

        func bool(_ t: TOMLTable, _ key: String, _ path: String, default value: Bool) throws -> Bool {
            guard let v = t[key] else { return value }
            guard let b = v.bool else { throw fail("\(path).\(key)", "expected true or false") }
            return b
        }

        func strings(_ t: TOMLTable, _ key: String, _ path: String) throws -> [String] {
            guard let v = t[key] else { return [] }
            guard let a = v.array else { throw fail("\(path).\(key)", "expected a list of strings, e.g. [\"P0001\", \"P0002\"]") }
            return try a.enumerated().map { i, e in
                guard let s = e.string else { throw fail("\(path).\(key)", "element \(i + 1) is not a string") }
                return s
            }
        }

        func date(_ t: TOMLTable, _ key: String, _ path: String) throws -> CivilDate? {
            guard let v = t[key] else { return nil }
            if let d = v.date, let c = CivilDate(year: d.year, month: d.month, day: d.day) { return c }
            if let s = v.string, let c = CivilDate.parse(s) { return c }
            throw fail("\(path).\(key)", "expected a date YYYY-MM-DD")
        }

        func dateTime(_ t: TOMLTable, _ key: String, _ path: String, required: Bool) throws -> LocalDateTime? {
            let field = "\(path).\(key)"
            guard let v = t[key] else {
                if required { throw fail(field, "is missing; expected a date-time like 2026-10-01T08:00") }
                return nil
            }
            if let dt = v.dateTime {
                guard dt.offset == nil else { throw fail(field, "give the center's local time without an offset") }
                guard let d = CivilDate(year: dt.date.year, month: dt.date.month, day: dt.date.day) else {
                    throw fail(field, "is not a valid date")
                }
                return LocalDateTime(date: d, hour: dt.time.hour, minute: dt.time.minute, second: dt.time.second)
            }
            if let d = v.date, let c = CivilDate(year: d.year, month: d.month, day: d.day) { return LocalDateTime(date: c) }
            if let s = v.string {
                if let x = LocalDateTime.parse(s) { return x }
                if let c = CivilDate.parse(s) { return LocalDateTime(date: c) }
            }
            throw fail(field, "expected a date-time like 2026-10-01T08:00 (local time) or a date")
        }

        func table(_ t: TOMLTable, _ key: String, _ path: String) throws -> TOMLTable? {
            guard let v = t[key] else { return nil }
            guard let x = v.table else { throw fail(path.isEmpty ? key : "\(path).\(key)", "expected a table") }
            return x
        }

        func tables(_ t: TOMLTable, _ key: String) throws -> [TOMLTable] {
            guard let v = t[key] else { return [] }
            guard let a = v.array else { throw fail(key, "expected an array of tables ([[\(key)]])") }
            return try a.enumerated().map { i, e in
                guard let x = e.table else { throw fail("\(key)[\(i)]", "expected a table ([[\(key)]])") }
                return x
            }
        }

        func hourAligned(_ x: LocalDateTime, _ field: String) throws {
            guard x.secondOfDay % 3600 == 0 else { throw fail(field, "must be on the hour (the scenario works in hours), got \(x)") }
        }

        mutating func scenario(_ root: TOMLTable) throws -> Scenario {
            try checkKeys(root, "", allowed: ["name", "name_en", "description", "description_en", "seed", "period", "events",
                                              "handle_time", "absence", "measures", "standby_pool"])
            let name = try string(root, "name", "", required: true)!
            guard let period = try table(root, "period", "") else { throw fail("period", "is missing; expected [period] with start and weeks") }
            try checkKeys(period, "period", allowed: ["start", "weeks"])
            guard let start = try date(period, "start", "period") else { throw fail("period.start", "is missing; expected a Monday YYYY-MM-DD") }
            guard start.weekday == 1 else {
                throw fail("period.start", "must be a Monday (the planner works in weeks); \(start) is a \(DocumentLanguage.en.weekdayName(start.weekday))")
            }
            guard let weeksValue = period["weeks"] else { throw fail("period.weeks", "is missing; expected 1 to 8") }
            guard let weeks = weeksValue.int, (1...8).contains(weeks) else { throw fail("period.weeks", "expected a whole number of weeks from 1 to 8") }
            var s = Scenario(file: file, name: name, nameEnglish: try string(root, "name_en", ""), start: start, weeks: weeks)
            s.description = try string(root, "description", "")
            s.descriptionEnglish = try string(root, "description_en", "")
            if let v = root["seed"] {
                guard let i = v.int, i >= 0 else { throw fail("seed", "expected a non-negative whole number") }
                s.seed = UInt64(i)
            }
            let periodEnd = s.periodEnd

            for (i, e) in try tables(root, "events").enumerated() {
                let p = "events[\(i)]"
                try checkKeys(e, p, allowed: ["name", "name_en", "from", "to", "multiplier", "calls_per_hour"])
                let from = try dateTime(e, "from", p, required: true)!
                let to = try dateTime(e, "to", p, required: true)!
                try hourAligned(from, "\(p).from")
                try hourAligned(to, "\(p).to")
                guard from < to else { throw fail("\(p).to", "must be after from (\(from)); to is exclusive") }
                guard from < periodEnd, to > s.periodStart else {
                    throw fail("\(p).from", "the event \(from)–\(to) lies outside the period \(start) + \(weeks) weeks")
                }
                let m = try number(e, "multiplier", p)
                let c = try number(e, "calls_per_hour", p)
                guard (m == nil) != (c == nil) else { throw fail("\(p).multiplier", "give exactly one of multiplier or calls_per_hour") }
                if let m, !(m.isFinite && m >= 0 && m <= 50) { throw fail("\(p).multiplier", "expected a factor between 0 and 50, got \(m)") }
                if let c, !(c.isFinite && c >= 0 && c <= 1_000_000) { throw fail("\(p).calls_per_hour", "expected calls per hour ≥ 0, got \(c)") }
                s.events.append(Event(name: try string(e, "name", p) ?? "event \(i + 1)", nameEnglish: try string(e, "name_en", p),
                                      from: from, to: to, multiplier: m, callsPerHour: c))
            }

            for (i, e) in try tables(root, "handle_time").enumerated() {
                let p = "handle_time[\(i)]"
                try checkKeys(e, p, allowed: ["from", "to", "multiplier", "seconds"])
                let from = try dateTime(e, "from", p, required: false)
                let to = try dateTime(e, "to", p, required: false)
                if let from, let to, !(from < to) { throw fail("\(p).to", "must be after from") }
                let m = try number(e, "multiplier", p)
                let sec = try number(e, "seconds", p)
                guard (m == nil) != (sec == nil) else { throw fail("\(p).multiplier", "give exactly one of multiplier or seconds") }
                if let m, !(m.isFinite && m > 0 && m <= 10) { throw fail("\(p).multiplier", "expected a factor in (0, 10], got \(m)") }
                if let sec, !(sec.isFinite && sec >= 10 && sec <= 7200) { throw fail("\(p).seconds", "expected 10 to 7200 seconds, got \(sec)") }
                s.handleTime.append(HandleTimeChange(from: from, to: to, multiplier: m, seconds: sec))
            }

            for (i, e) in try tables(root, "absence").enumerated() {
                let p = "absence[\(i)]"
                try checkKeys(e, p, allowed: ["name", "from", "to", "share", "people"])
                let from = try dateTime(e, "from", p, required: false) ?? s.periodStart
                let to = try dateTime(e, "to", p, required: false) ?? periodEnd
                guard from < to else { throw fail("\(p).to", "must be after from") }
                let share = try number(e, "share", p) ?? 0
                guard share.isFinite, share >= 0, share < 1 else { throw fail("\(p).share", "expected a share in [0, 1), got \(share)") }
                let people = try strings(e, "people", p)
                guard share > 0 || !people.isEmpty else { throw fail("\(p).share", "give a share of the agents, named people, or both") }
                s.absences.append(Absence(name: try string(e, "name", p), from: from, to: to, share: share, people: people, index: i))
            }

            var m = Measures(overtime: false)
            if let t = try table(root, "measures", "") {
                let p = "measures"
                try checkKeys(t, p, allowed: ["overtime", "rest_day_work", "time_off_in_lieu", "cancel_training", "training_components",
                                              "standby", "emergency", "emergency_max_hours_per_day", "overtime_worked", "min_useful_share"])
                m.overtime = try bool(t, "overtime", p, default: false)
                m.restDayWork = try bool(t, "rest_day_work", p, default: false)
                m.timeOffInLieu = try bool(t, "time_off_in_lieu", p, default: false)
                m.cancelTraining = try bool(t, "cancel_training", p, default: false)
                m.trainingComponents = try strings(t, "training_components", p)
                if m.cancelTraining && m.trainingComponents.isEmpty {
                    throw fail("measures.training_components", "cancel_training needs the shrinkage components that are training, e.g. [\"coaching_meetings\"]")
                }
                m.standby = try strings(t, "standby", p)
                m.emergency = try bool(t, "emergency", p, default: false)
                if let x = try number(t, "emergency_max_hours_per_day", p) {
                    guard x >= 8, x <= 16 else { throw fail("measures.emergency_max_hours_per_day", "expected 8 to 16 hours, got \(x)") }
                    m.emergencyMaxHoursPerDay = x
                }
                if let x = try number(t, "min_useful_share", p) {
                    guard x > 0, x <= 1 else { throw fail("measures.min_useful_share", "expected a share in (0, 1], got \(x)") }
                    m.minUsefulShare = x
                }
                if let ow = try table(t, "overtime_worked", p) {
                    for key in ow.keys.sorted() {
                        guard let h = try number(ow, key, "measures.overtime_worked"), h >= 0, h <= 200 else {
                            throw fail("measures.overtime_worked.\(key)", "expected hours ≥ 0")
                        }
                        if key == "default" { m.overtimeWorkedDefault = h } else { m.overtimeWorked[key] = h }
                    }
                }
            }
            s.measures = m

            for (i, e) in try tables(root, "standby_pool").enumerated() {
                let p = "standby_pool[\(i)]"
                try checkKeys(e, p, allowed: ["id", "name", "contract_hours_per_week"])
                let id = try string(e, "id", p, required: true)!
                guard !id.isEmpty, !s.standbyPool.contains(where: { $0.id == id }) else {
                    throw fail("\(p).id", id.isEmpty ? "must not be empty" : "'\(id)' is listed twice")
                }
                let hours = try number(e, "contract_hours_per_week", p) ?? 40
                guard hours > 0, hours <= 60 else { throw fail("\(p).contract_hours_per_week", "expected 1 to 60 hours, got \(hours)") }
                s.standbyPool.append(StandbyPerson(id: id, name: try string(e, "name", p, required: true)!, contractHoursPerWeek: hours))
                if !s.measures.standby.contains(id) { s.measures.standby.append(id) }
            }
            s.lines = lines
            return s
        }
    }
}

extension Scenario {
    /// Applies the scenario's volume and handle-time changes to hourly series that start at
    /// `start` (one value an hour): each event multiplies the calls of its hours (or sets them to
    /// `calls_per_hour`); each handle-time change multiplies (or sets) the handle time of its hours,
    /// a change without `from`/`to` applying from the period's start / to its end. Hours outside the
    /// series are ignored. The scenario run and the capacity plan both use this.
    public func apply(calls: inout [Double], aht: inout [Double], start: LocalDateTime) {
        precondition(calls.count == aht.count, "calls and handle times must cover the same hours")
        let n = calls.count
        func index(_ t: LocalDateTime) -> Int {
            let d = t.seconds - start.seconds
            return d >= 0 ? d / 3600 : -((-d + 3599) / 3600)
        }
        func hours(_ a: LocalDateTime, _ b: LocalDateTime) -> Range<Int> {
            let lo = max(0, index(a)), hi = min(n, index(b))
            return lo < hi ? lo..<hi : 0..<0
        }
        for e in events {
            for h in hours(e.from, e.to) {
                if let m = e.multiplier { calls[h] *= m }
                if let c = e.callsPerHour { calls[h] = c }
            }
        }
        for c in handleTime {
            for h in hours(c.from ?? periodStart, c.to ?? periodEnd) {
                if let m = c.multiplier { aht[h] *= m }
                if let x = c.seconds { aht[h] = x }
            }
        }
    }

    /// Whether any event or handle-time change of the scenario touches `from`..<`to`.
    public func touches(from: LocalDateTime, to: LocalDateTime) -> Bool {
        events.contains { $0.from < to && $0.to > from }
            || handleTime.contains { ($0.from ?? periodStart) < to && ($0.to ?? periodEnd) > from }
    }
}
