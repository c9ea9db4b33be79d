import Foundation
import TOMLKit

/// A center profile (TOML, `rosters/profiles/*.toml`): seats, headcount and role mix, the service
/// goal, shrinkage, shift templates, labour rules and pay. Keys are snake_case in the file.
public struct CenterProfile: Sendable, Codable, Equatable {
    public var name: String
    public var nameEnglish: String?
    public var timezone: String
    /// Phone seats: at most this many agents on shift in any interval.
    public var seats: Int
    public var staff: Staff
    public var service: Service
    public var shrinkage: Shrinkage
    public var shifts: Shifts
    public var labour: Labour
    public var pay: Pay
    /// Fixed shifts of the roles that are not planned from call volume (back office, supervisors,
    /// management).
    public var roleShifts: [RoleShift]
    /// Contract replacement triggers (optional `[replacement]` section; defaults when absent).
    public var replacement: Replacement?
    /// Surge rules (`[[surge]]`): extra agents on holidays and in emergencies, applied to the
    /// requirement before planning (nil or empty: none).
    public var surge: [Surge]?
    /// Per-person roster rules (optional `[rules]` section; defaults when absent).
    public var rules: RosterRuleSettings?

    enum CodingKeys: String, CodingKey {
        case name, nameEnglish = "name_en", timezone, seats, staff, service, shrinkage, shifts, labour, pay
        case roleShifts = "role_shifts", replacement, surge, rules
    }

    /// A surge rule (`[[surge]]`): on the hours it matches, the required agents become
    /// ⌈required × multiplier⌉ + extra_agents. An hour matches when its date's calendar kind is
    /// one of `day_kinds` (if given), the date lies in `from`…`to` (if given, inclusive) and the
    /// hour of day lies in `from_hour` ≤ h < `to_hour` (default the whole day).
    public struct Surge: Sendable, Codable, Equatable {
        public var name: String
        /// Calendar day kinds (`holiday`, `rest`, `workday`, `special`); nil: any day.
        public var dayKinds: [String]?
        /// First and last date (`YYYY-MM-DD`, inclusive); nil: no date range.
        public var from: String?
        public var to: String?
        public var fromHour: Int
        public var toHour: Int
        public var multiplier: Double
        public var extraAgents: Int

        enum CodingKeys: String, CodingKey {
            case name, dayKinds = "day_kinds", from, to, fromHour = "from_hour", toHour = "to_hour"
            case multiplier, extraAgents = "extra_agents"
        }

        public init(name: String, dayKinds: [String]? = nil, from: String? = nil, to: String? = nil, fromHour: Int = 0,
                    toHour: Int = 24, multiplier: Double = 1, extraAgents: Int = 0) {
            self.name = name
            self.dayKinds = dayKinds
            self.from = from
            self.to = to
            self.fromHour = fromHour
            self.toHour = toHour
            self.multiplier = multiplier
            self.extraAgents = extraAgents
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            dayKinds = try c.decodeIfPresent([String].self, forKey: .dayKinds)
            from = try c.decodeIfPresent(String.self, forKey: .from)
            to = try c.decodeIfPresent(String.self, forKey: .to)
            fromHour = try c.decodeIfPresent(Int.self, forKey: .fromHour) ?? 0
            toHour = try c.decodeIfPresent(Int.self, forKey: .toHour) ?? 24
            multiplier = try c.optionalNumber(.multiplier) ?? 1
            extraAgents = try c.decodeIfPresent(Int.self, forKey: .extraAgents) ?? 0
        }

        public var fromDate: CivilDate? { from.flatMap { CivilDate.parse($0) } }
        public var toDate: CivilDate? { to.flatMap { CivilDate.parse($0) } }
        public var kinds: [DayKind]? { dayKinds.map { $0.compactMap(DayKind.init(rawValue:)) } }

        /// Whether the rule applies to hour `hour` (0–23) of `date`.
        public func applies(on date: CivilDate, hour: Int, calendar: HolidayCalendar) -> Bool {
            guard hour >= fromHour, hour < toHour else { return false }
            if let kinds, !kinds.isEmpty {
                guard let k = calendar.kind(on: date), kinds.contains(k) else { return false }
            }
            if let f = fromDate, date < f { return false }
            if let t = toDate, date > t { return false }
            return true
        }

        /// The requirement of a matching hour.
        public func apply(_ required: Int) -> Int {
            Int((Double(required) * multiplier - 1e-9).rounded(.up)) + extraAgents
        }
    }

    /// When the contract lets the client demand a replacement (optional `[replacement]` section).
    /// Every key is optional; the defaults are the contract's conditions.
    public struct Replacement: Sendable, Codable, Equatable {
        /// Verified, liable citizen complaints within one contract year that trigger (default 3).
        public var complaintThreshold: Int
        /// First day of the contract year, `MM-DD` (default `01-01`).
        public var contractYearStart: String
        /// Any verified confidentiality breach triggers (default true).
        public var confidentiality: Bool
        /// A verified serious discipline breach triggers (default true).
        public var seriousDiscipline: Bool
        /// A verified serious dereliction triggers (default true).
        public var seriousDereliction: Bool
        /// A verified health incident marked serious (unable to work) triggers (default true).
        public var health: Bool
        /// Annual turnover cap (default 0.15).
        public var turnoverCap: Double

        public static let contractDefaults = Replacement()

        public init(complaintThreshold: Int = 3, contractYearStart: String = "01-01", confidentiality: Bool = true,
                    seriousDiscipline: Bool = true, seriousDereliction: Bool = true, health: Bool = true,
                    turnoverCap: Double = 0.15) {
            self.complaintThreshold = complaintThreshold
            self.contractYearStart = contractYearStart
            self.confidentiality = confidentiality
            self.seriousDiscipline = seriousDiscipline
            self.seriousDereliction = seriousDereliction
            self.health = health
            self.turnoverCap = turnoverCap
        }

        enum CodingKeys: String, CodingKey {
            case complaintThreshold = "complaint_threshold", contractYearStart = "contract_year_start"
            case confidentiality, seriousDiscipline = "serious_discipline", seriousDereliction = "serious_dereliction"
            case health, turnoverCap = "turnover_cap"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Replacement()
            complaintThreshold = try c.decodeIfPresent(Int.self, forKey: .complaintThreshold) ?? d.complaintThreshold
            contractYearStart = try c.decodeIfPresent(String.self, forKey: .contractYearStart) ?? d.contractYearStart
            confidentiality = try c.decodeIfPresent(Bool.self, forKey: .confidentiality) ?? d.confidentiality
            seriousDiscipline = try c.decodeIfPresent(Bool.self, forKey: .seriousDiscipline) ?? d.seriousDiscipline
            seriousDereliction = try c.decodeIfPresent(Bool.self, forKey: .seriousDereliction) ?? d.seriousDereliction
            health = try c.decodeIfPresent(Bool.self, forKey: .health) ?? d.health
            turnoverCap = try c.optionalNumber(.turnoverCap) ?? d.turnoverCap
        }

        /// (month, day) of `contractYearStart`, or nil when it is not a valid `MM-DD`.
        public var contractYearStartMonthDay: (month: Int, day: Int)? {
            let p = contractYearStart.split(separator: "-")
            guard p.count == 2, let m = Int(p[0]), let d = Int(p[1]), (1...12).contains(m),
                  d >= 1, d <= CivilDate.daysIn(month: m, year: 2001) else { return nil }
            return (m, d)
        }
    }

    /// The replacement rules in force: the `[replacement]` section, or the contract's defaults.
    public var replacementRules: Replacement { replacement ?? .contractDefaults }

    public struct Staff: Sendable, Codable, Equatable {
        /// Minimum headcount of the whole center (all roles), e.g. 91.
        public var minTotal: Int
        /// Minimum headcount per role (roles not listed: no minimum).
        public var minByRole: [String: Int]
        /// Supervisors (on-site shift leads) on site in every hour; nil: supervisors are not
        /// planned (their fixed `role_shifts` apply).
        public var supervisorsOnSite: Int?
        /// Ticket-handling person-hours the back office needs each day; nil: the back office is not
        /// planned. Either one number (every day) or seven (Monday first).
        public var backofficeHoursPerDay: [Double]?
        /// Ticket handlers on site in every hour from `backoffice_on_site_from` to
        /// `backoffice_on_site_to` (default 0 to 24), e.g. 1 so tickets are received within 1 hour.
        public var backofficeOnSite: Int?
        public var backofficeOnSiteFrom: Int?
        public var backofficeOnSiteTo: Int?

        enum CodingKeys: String, CodingKey {
            case minTotal = "min_total", minByRole = "min_by_role", supervisorsOnSite = "supervisors_on_site"
            case backofficeHoursPerDay = "backoffice_hours_per_day", backofficeOnSite = "backoffice_on_site"
            case backofficeOnSiteFrom = "backoffice_on_site_from", backofficeOnSiteTo = "backoffice_on_site_to"
        }

        public init(minTotal: Int, minByRole: [String: Int], supervisorsOnSite: Int? = nil, backofficeHoursPerDay: [Double]? = nil,
                    backofficeOnSite: Int? = nil, backofficeOnSiteFrom: Int? = nil, backofficeOnSiteTo: Int? = nil) {
            self.minTotal = minTotal
            self.minByRole = minByRole
            self.supervisorsOnSite = supervisorsOnSite
            self.backofficeHoursPerDay = backofficeHoursPerDay
            self.backofficeOnSite = backofficeOnSite
            self.backofficeOnSiteFrom = backofficeOnSiteFrom
            self.backofficeOnSiteTo = backofficeOnSiteTo
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            minTotal = try c.decode(Int.self, forKey: .minTotal)
            minByRole = try c.decodeIfPresent([String: Int].self, forKey: .minByRole) ?? [:]
            supervisorsOnSite = try c.decodeIfPresent(Int.self, forKey: .supervisorsOnSite)
            if c.contains(.backofficeHoursPerDay) {
                if let list = try? c.decode([FlexibleNumber].self, forKey: .backofficeHoursPerDay) {
                    backofficeHoursPerDay = list.map(\.value)
                } else {
                    backofficeHoursPerDay = [try c.number(.backofficeHoursPerDay)]
                }
            } else {
                backofficeHoursPerDay = nil
            }
            backofficeOnSite = try c.decodeIfPresent(Int.self, forKey: .backofficeOnSite)
            backofficeOnSiteFrom = try c.decodeIfPresent(Int.self, forKey: .backofficeOnSiteFrom)
            backofficeOnSiteTo = try c.decodeIfPresent(Int.self, forKey: .backofficeOnSiteTo)
        }

        /// Whether the back office is planned (it has a daily requirement or an on-site minimum).
        public var plansBackoffice: Bool { backofficeHoursPerDay != nil || backofficeOnSite != nil }
        /// The back office's ticket-handling hours of each weekday (Monday first; zeros when absent).
        public var backofficeHoursByWeekday: [Double] {
            guard let v = backofficeHoursPerDay, !v.isEmpty else { return Array(repeating: 0, count: 7) }
            return v.count == 1 ? Array(repeating: v[0], count: 7) : v
        }

        public func minimum(for role: Role) -> Int { minByRole[role.rawValue] ?? 0 }
    }

    public struct Service: Sendable, Codable, Equatable {
        /// Share of calls to answer within `withinSeconds` (e.g. 0.9).
        public var target: Double
        public var withinSeconds: Double
        public var maxAbandonment: Double?
        /// Handle time used when the history has none.
        public var ahtSeconds: Double
        public var maxOccupancy: Double?
        public var patienceSeconds: Double?
        /// Planning interval in minutes: 60 or 30 (the planner's requirement, tours and coverage per interval).
        public var intervalMinutes: Int

        enum CodingKeys: String, CodingKey {
            case target, withinSeconds = "within_seconds", maxAbandonment = "max_abandonment"
            case ahtSeconds = "aht_seconds", maxOccupancy = "max_occupancy"
            case patienceSeconds = "patience_seconds", intervalMinutes = "interval_minutes"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            target = try c.number(.target)
            withinSeconds = try c.number(.withinSeconds)
            maxAbandonment = try c.optionalNumber(.maxAbandonment)
            ahtSeconds = try c.number(.ahtSeconds)
            maxOccupancy = try c.optionalNumber(.maxOccupancy)
            patienceSeconds = try c.optionalNumber(.patienceSeconds)
            intervalMinutes = try c.decode(Int.self, forKey: .intervalMinutes)
        }
    }

    /// Share of time on shift not spent available for calls, by component; they add up.
    public struct Shrinkage: Sendable, Codable, Equatable {
        public var components: [String: Double]
        public var total: Double { components.values.reduce(0, +) }

        enum CodingKeys: String, CodingKey { case components }

        public init(components: [String: Double]) { self.components = components }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            components = try c.decode([String: FlexibleNumber].self, forKey: .components).mapValues(\.value)
        }
    }

    public struct Shifts: Sendable, Codable, Equatable {
        /// Allowed shift lengths in hours (paid time on shift); empty with templates only.
        public var lengthsHours: [Int]
        /// Allowed start hours (0–23); empty with templates only.
        public var startHours: [Int]
        public var daysOffPerWeek: Int
        /// Whether the days off of a week must be consecutive.
        public var consecutiveDaysOff: Bool
        /// Names of shifts by start-hour range, e.g. 早班 for 6–11; used in rosters.
        public var names: [ShiftName]
        /// Shift templates (`[[shifts.templates]]`): start windows, lengths and breaks. Tours come
        /// from them and from `lengths_hours` × `start_hours` when those are given too.
        public var templates: [ShiftTemplate]

        enum CodingKeys: String, CodingKey {
            case lengthsHours = "lengths_hours", startHours = "start_hours", daysOffPerWeek = "days_off_per_week"
            case consecutiveDaysOff = "consecutive_days_off", names, templates
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            templates = try c.decodeIfPresent([ShiftTemplate].self, forKey: .templates) ?? []
            if templates.isEmpty {
                lengthsHours = try c.decode([Int].self, forKey: .lengthsHours)
                startHours = try c.decode([Int].self, forKey: .startHours)
            } else {
                lengthsHours = try c.decodeIfPresent([Int].self, forKey: .lengthsHours) ?? []
                startHours = try c.decodeIfPresent([Int].self, forKey: .startHours) ?? []
            }
            daysOffPerWeek = try c.decode(Int.self, forKey: .daysOffPerWeek)
            consecutiveDaysOff = try c.decode(Bool.self, forKey: .consecutiveDaysOff)
            names = try c.decodeIfPresent([ShiftName].self, forKey: .names) ?? []
        }

        /// The name of a shift starting at `hour`, e.g. `早班`.
        public func name(startHour: Int) -> ShiftName? {
            names.first { $0.fromHour <= startHour && startHour < $0.toHour }
        }
    }

    /// A shift template: shifts starting at any whole hour from `start_from` to `start_to`
    /// (inclusive; `start_to` < `start_from` wraps past midnight, e.g. 22 to 2 for nights), lasting
    /// one of `lengths_hours` on site (4 to 12), with breaks placed inside their windows.
    public struct ShiftTemplate: Sendable, Codable, Equatable {
        public var name: String
        public var startFrom: Int
        public var startTo: Int
        public var lengthsHours: [Int]
        /// `lengths_minutes`: further lengths on site in minutes (e.g. 510 for 8.5 h; whole
        /// intervals: multiples of 30 with 30-minute intervals, of 60 with 60-minute ones).
        public var lengthsMinutes: [Int]
        public var breaks: [BreakRule]

        enum CodingKeys: String, CodingKey {
            case name, startFrom = "start_from", startTo = "start_to", lengthsHours = "lengths_hours"
            case lengthsMinutes = "lengths_minutes", breaks
        }

        public init(name: String, startFrom: Int, startTo: Int, lengthsHours: [Int], lengthsMinutes: [Int] = [], breaks: [BreakRule] = []) {
            self.name = name
            self.startFrom = startFrom
            self.startTo = startTo
            self.lengthsHours = lengthsHours
            self.lengthsMinutes = lengthsMinutes
            self.breaks = breaks
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            startFrom = try c.decode(Int.self, forKey: .startFrom)
            startTo = try c.decode(Int.self, forKey: .startTo)
            lengthsMinutes = try c.decodeIfPresent([Int].self, forKey: .lengthsMinutes) ?? []
            lengthsHours = try c.decodeIfPresent([Int].self, forKey: .lengthsHours) ?? (lengthsMinutes.isEmpty ? c.decode([Int].self, forKey: .lengthsHours) : [])
            breaks = try c.decodeIfPresent([BreakRule].self, forKey: .breaks) ?? []
        }

        /// The start hours of the window, in order (wrapping past midnight).
        public var startHours: [Int] {
            var hours: [Int] = []
            var h = startFrom
            while true {
                hours.append(h)
                if h == startTo { break }
                h = (h + 1) % 24
            }
            return hours
        }
    }

    /// A break of a shift template (`[[shifts.templates.breaks]]`): `minutes` long, `paid` (short
    /// rest) or not (meal), starting at a whole hour between `window_from` and `window_to` hours
    /// after the shift's start (inclusive); shifts shorter than `min_shift_hours` have none.
    public struct BreakRule: Sendable, Codable, Equatable {
        public var minutes: Int
        public var paid: Bool
        public var windowFrom: Int
        public var windowTo: Int
        public var minShiftHours: Int

        enum CodingKeys: String, CodingKey {
            case minutes, paid, windowFrom = "window_from", windowTo = "window_to", minShiftHours = "min_shift_hours"
        }

        public init(minutes: Int, paid: Bool, windowFrom: Int, windowTo: Int, minShiftHours: Int = 0) {
            self.minutes = minutes
            self.paid = paid
            self.windowFrom = windowFrom
            self.windowTo = windowTo
            self.minShiftHours = minShiftHours
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            minutes = try c.decode(Int.self, forKey: .minutes)
            paid = try c.decode(Bool.self, forKey: .paid)
            windowFrom = try c.decode(Int.self, forKey: .windowFrom)
            windowTo = try c.decode(Int.self, forKey: .windowTo)
            minShiftHours = try c.decodeIfPresent(Int.self, forKey: .minShiftHours) ?? 0
        }
    }

    public struct ShiftName: Sendable, Codable, Equatable {
        public var fromHour: Int
        public var toHour: Int
        public var chinese: String
        public var english: String

        enum CodingKeys: String, CodingKey { case fromHour = "from_hour", toHour = "to_hour", chinese, english }
    }

    public struct Labour: Sendable, Codable, Equatable {
        public var minRestHours: Double
        public var maxHoursPerDay: Double
        public var maxHoursPerWeek: Double
        public var maxOvertimeHoursPerDay: Double
        public var maxOvertimeHoursPerMonth: Double
        /// Plan overtime (default false: tours stay within max_hours_per_day / max_hours_per_week).
        /// With it, those two are the standard day and week, a shift may run up to
        /// max_overtime_hours_per_day over the standard day, and a tour's weekly overtime stays
        /// within max_overtime_hours_per_month over the month; overtime is paid at `[pay] overtime`.
        public var allowOvertime: Bool
        /// Hours from which a shift counts as night work (default 22 to 6): protected staff get none.
        public var nightFrom: Int
        public var nightTo: Int
        /// `working_hours_system`: "standard" (8 h a day, 40 h a week, the default) or
        /// "comprehensive" (综合计算工时工作制: hours averaged over `averaging_weeks` weeks; only the
        /// hours above the period's standard total are overtime).
        public var workingHoursSystem: WorkingHoursSystem
        /// `averaging_weeks` (2–4, default 2): the comprehensive system's planning period in weeks.
        public var averagingWeeks: Int

        public enum WorkingHoursSystem: String, Sendable, Codable, Equatable {
            case standard
            case comprehensive
        }

        enum CodingKeys: String, CodingKey {
            case workingHoursSystem = "working_hours_system", averagingWeeks = "averaging_weeks"
            case minRestHours = "min_rest_hours", maxHoursPerDay = "max_hours_per_day"
            case maxHoursPerWeek = "max_hours_per_week", maxOvertimeHoursPerDay = "max_overtime_hours_per_day"
            case maxOvertimeHoursPerMonth = "max_overtime_hours_per_month", allowOvertime = "allow_overtime"
            case nightFrom = "night_from", nightTo = "night_to"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            minRestHours = try c.number(.minRestHours)
            maxHoursPerDay = try c.number(.maxHoursPerDay)
            maxHoursPerWeek = try c.number(.maxHoursPerWeek)
            maxOvertimeHoursPerDay = try c.number(.maxOvertimeHoursPerDay)
            maxOvertimeHoursPerMonth = try c.number(.maxOvertimeHoursPerMonth)
            allowOvertime = try c.decodeIfPresent(Bool.self, forKey: .allowOvertime) ?? false
            nightFrom = try c.decodeIfPresent(Int.self, forKey: .nightFrom) ?? 22
            nightTo = try c.decodeIfPresent(Int.self, forKey: .nightTo) ?? 6
            workingHoursSystem = try c.decodeIfPresent(WorkingHoursSystem.self, forKey: .workingHoursSystem) ?? .standard
            averagingWeeks = try c.decodeIfPresent(Int.self, forKey: .averagingWeeks) ?? 2
        }
    }

    public struct Pay: Sendable, Codable, Equatable {
        public var hourlyWage: Double
        public var overtime: Double
        public var restDay: Double
        public var holiday: Double
        public var currency: String
        /// Optional annual staff budget of the center, in `currency` (`annual_budget`): what-if
        /// scenarios report their cost against it.
        public var annualBudget: Double?

        enum CodingKeys: String, CodingKey {
            case hourlyWage = "hourly_wage", overtime, restDay = "rest_day", holiday, currency
            case annualBudget = "annual_budget"
        }

        public init(hourlyWage: Double, overtime: Double = 1.5, restDay: Double = 2, holiday: Double = 3, currency: String = "CNY",
                    annualBudget: Double? = nil) {
            self.hourlyWage = hourlyWage
            self.overtime = overtime
            self.restDay = restDay
            self.holiday = holiday
            self.currency = currency
            self.annualBudget = annualBudget
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            hourlyWage = try c.number(.hourlyWage)
            overtime = try c.number(.overtime)
            restDay = try c.number(.restDay)
            holiday = try c.number(.holiday)
            currency = try c.decode(String.self, forKey: .currency)
            annualBudget = try c.optionalNumber(.annualBudget)
        }
    }

    /// A fixed shift for a role that is not planned from call volume.
    public struct RoleShift: Sendable, Codable, Equatable {
        public var role: Role
        public var start: String
        public var hours: Int
        /// ISO weekdays the shift runs (1 = Monday … 7 = Sunday).
        public var weekdays: [Int]

        /// Start as minutes after midnight (validated at load).
        public var startMinute: Int {
            let p = start.split(separator: ":")
            return Int(p[0])! * 60 + Int(p[1])!
        }
    }

    /// Headcount of the roles with fixed shifts (everyone but phone agents), by their minimums.
    public var fixedRoleHeadcount: Int {
        Role.allCases.filter { $0 != .agent }.reduce(0) { $0 + staff.minimum(for: $1) }
    }

    // MARK: Loading

    public static func load(path: String) throws -> CenterProfile {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the profile (missing or not UTF-8)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> CenterProfile {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw InputError(file: file, line: Int(error.source.begin.line), "is not valid TOML: \(error.description)")
        }
        let profile: CenterProfile
        do {
            profile = try TOMLDecoder().decode(CenterProfile.self, from: table)
        } catch let error as DecodingError {
            // Keys of the `[rules]` section are found by their line too.
            var line: Int? = nil
            if let path = error.fieldPath, path.hasPrefix("rules.") {
                let parts = path.split(separator: ".").map(String.init)
                line = RosterRuleSettings.line(ofKey: parts.last!, inTable: parts.dropLast().joined(separator: "."), text: text)
            }
            throw InputError(file: file, line: line, field: error.fieldPath, error.shortMessage)
        }
        try profile.validate(file: file)
        try profile.rules?.validate(file: file, text: text, shiftNames: profile.shifts.names.map(\.english))
        return profile
    }

    func validate(file: String) throws {
        func fail(_ field: String, _ message: String) -> InputError { InputError(file: file, field: field, message) }
        guard seats > 0 else { throw fail("seats", "must be positive, got \(seats)") }
        guard staff.minTotal >= 0 else { throw fail("staff.min_total", "must not be negative") }
        for key in staff.minByRole.keys where Role(rawValue: key) == nil {
            throw fail("staff.min_by_role.\(key)", "unknown role; expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard service.target > 0, service.target < 1 else { throw fail("service.target", "must be between 0 and 1, got \(service.target)") }
        guard service.withinSeconds >= 0 else { throw fail("service.within_seconds", "must not be negative") }
        guard service.ahtSeconds > 0 else { throw fail("service.aht_seconds", "must be positive") }
        if let occ = service.maxOccupancy, !(occ > 0 && occ <= 1) { throw fail("service.max_occupancy", "must be in (0, 1]") }
        guard service.intervalMinutes == 60 || service.intervalMinutes == 30 else {
            throw fail("service.interval_minutes", "the planner works in 60- or 30-minute intervals; got \(service.intervalMinutes)")
        }
        for (k, v) in shrinkage.components where !(v >= 0 && v < 1) {
            throw fail("shrinkage.components.\(k)", "must be in [0, 1), got \(v)")
        }
        guard shrinkage.total < 0.9 else { throw fail("shrinkage.components", "add up to \(shrinkage.total); at most 0.9 makes sense") }
        if shifts.templates.isEmpty || !shifts.lengthsHours.isEmpty || !shifts.startHours.isEmpty {
            guard !shifts.lengthsHours.isEmpty, shifts.lengthsHours.allSatisfy({ (1...12).contains($0) }) else {
                throw fail("shifts.lengths_hours", "must list lengths between 1 and 12 hours")
            }
            guard !shifts.startHours.isEmpty, shifts.startHours.allSatisfy({ (0...23).contains($0) }) else {
                throw fail("shifts.start_hours", "must list hours between 0 and 23")
            }
        }
        for (i, t) in shifts.templates.enumerated() {
            let field = "shifts.templates[\(i)]"
            guard (0...23).contains(t.startFrom) else { throw fail("\(field).start_from", "must be an hour 0 to 23, got \(t.startFrom)") }
            guard (0...23).contains(t.startTo) else { throw fail("\(field).start_to", "must be an hour 0 to 23, got \(t.startTo)") }
            guard !(t.lengthsHours.isEmpty && t.lengthsMinutes.isEmpty), t.lengthsHours.allSatisfy({ (4...12).contains($0) }) else {
                throw fail("\(field).lengths_hours", "must list lengths between 4 and 12 hours, got \(t.lengthsHours)")
            }
            for m in t.lengthsMinutes where !(240...720).contains(m) || m % service.intervalMinutes != 0 {
                throw fail("\(field).lengths_minutes", "lengths must be 240 to 720 minutes in whole \(service.intervalMinutes)-minute intervals, got \(m)")
            }
            for (j, b) in t.breaks.enumerated() {
                let bf = "\(field).breaks[\(j)]"
                guard (5...60).contains(b.minutes) else {
                    throw fail("\(bf).minutes", "must be 5 to 60 minutes (a break lies inside one 60-minute interval), got \(b.minutes)")
                }
                guard b.windowFrom >= 1, b.windowTo >= b.windowFrom else {
                    throw fail("\(bf).window_from", "the window must satisfy 1 ≤ window_from ≤ window_to hours after the start, got \(b.windowFrom) to \(b.windowTo)")
                }
                for length in t.lengthsHours + t.lengthsMinutes.map({ $0 / 60 }) where length >= b.minShiftHours && b.windowFrom > length - 2 {
                    throw fail("\(bf).window_from", "a \(length)-hour shift has no hour \(b.windowFrom) after its start that is neither its first nor its last hour")
                }
            }
        }
        guard (1...6).contains(shifts.daysOffPerWeek) else { throw fail("shifts.days_off_per_week", "must be 1 to 6") }
        guard (2...4).contains(labour.averagingWeeks) else {
            throw fail("labour.averaging_weeks", "the comprehensive working-hours period must be 2 to 4 weeks, got \(labour.averagingWeeks)")
        }
        guard labour.minRestHours >= 0 else { throw fail("labour.min_rest_hours", "must not be negative") }
        if let b = pay.annualBudget, !(b.isFinite && b > 0) { throw fail("pay.annual_budget", "must be a positive amount, got \(b)") }
        guard (0...23).contains(labour.nightFrom), (0...24).contains(labour.nightTo) else {
            throw fail("labour.night_from", "night hours must be hours of the day, got \(labour.nightFrom) to \(labour.nightTo)")
        }
        guard labour.maxOvertimeHoursPerDay >= 0, labour.maxOvertimeHoursPerMonth >= 0 else {
            throw fail("labour.max_overtime_hours_per_day", "overtime limits must not be negative")
        }
        if let n = staff.supervisorsOnSite, n < 0 { throw fail("staff.supervisors_on_site", "must not be negative, got \(n)") }
        if let v = staff.backofficeHoursPerDay {
            guard v.count == 1 || v.count == 7 else {
                throw fail("staff.backoffice_hours_per_day", "expected one number (every day) or seven (Monday to Sunday), got \(v.count)")
            }
            guard v.allSatisfy({ $0.isFinite && $0 >= 0 }) else { throw fail("staff.backoffice_hours_per_day", "must not be negative") }
        }
        if let n = staff.backofficeOnSite, n < 0 { throw fail("staff.backoffice_on_site", "must not be negative, got \(n)") }
        let boFrom = staff.backofficeOnSiteFrom ?? 0, boTo = staff.backofficeOnSiteTo ?? 24
        guard (0...23).contains(boFrom), (1...24).contains(boTo), boFrom < boTo else {
            throw fail("staff.backoffice_on_site_from", "the on-site window must satisfy 0 ≤ from < to ≤ 24, got \(boFrom) to \(boTo)")
        }
        for (i, rule) in (surge ?? []).enumerated() {
            let field = "surge[\(i)]"
            for k in rule.dayKinds ?? [] where DayKind(rawValue: k) == nil {
                throw fail("\(field).day_kinds", "unknown day kind '\(k)'; expected one of \(DayKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let f = rule.from, CivilDate.parse(f) == nil { throw fail("\(field).from", "expected a date YYYY-MM-DD, got '\(f)'") }
            if let t = rule.to, CivilDate.parse(t) == nil { throw fail("\(field).to", "expected a date YYYY-MM-DD, got '\(t)'") }
            if let f = rule.fromDate, let t = rule.toDate, t < f { throw fail("\(field).to", "\(t) is before from = \(f)") }
            guard (0...23).contains(rule.fromHour), (1...24).contains(rule.toHour), rule.fromHour < rule.toHour else {
                throw fail("\(field).from_hour", "the hours must satisfy 0 ≤ from_hour < to_hour ≤ 24, got \(rule.fromHour) to \(rule.toHour)")
            }
            guard rule.multiplier.isFinite, rule.multiplier > 0, rule.multiplier <= 10 else {
                throw fail("\(field).multiplier", "must be in (0, 10], got \(rule.multiplier)")
            }
            guard rule.extraAgents >= 0 else { throw fail("\(field).extra_agents", "must not be negative, got \(rule.extraAgents)") }
            guard rule.multiplier != 1 || rule.extraAgents != 0 else {
                throw fail("\(field)", "changes nothing: give a multiplier other than 1 or extra_agents")
            }
        }
        if let r = replacement {
            guard r.complaintThreshold >= 1 else { throw fail("replacement.complaint_threshold", "must be at least 1, got \(r.complaintThreshold)") }
            guard r.contractYearStartMonthDay != nil else {
                throw fail("replacement.contract_year_start", "expected MM-DD (e.g. 01-01), got '\(r.contractYearStart)'")
            }
            guard r.turnoverCap > 0, r.turnoverCap <= 1 else { throw fail("replacement.turnover_cap", "must be in (0, 1], got \(r.turnoverCap)") }
        }
        for (i, rs) in roleShifts.enumerated() {
            let p = rs.start.split(separator: ":")
            guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...23).contains(h), (0...59).contains(m) else {
                throw fail("role_shifts[\(i)].start", "expected HH:MM, got '\(rs.start)'")
            }
            guard (1...12).contains(rs.hours) else { throw fail("role_shifts[\(i)].hours", "must be 1 to 12") }
            guard !rs.weekdays.isEmpty, rs.weekdays.allSatisfy({ (1...7).contains($0) }) else {
                throw fail("role_shifts[\(i)].weekdays", "must list ISO weekdays 1 (Monday) to 7 (Sunday)")
            }
        }
    }
}

/// A TOML number written either as an integer (`15`) or a float (`15.0`).
struct FlexibleNumber: Decodable {
    let value: Double

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let d = try? c.decode(Double.self) { value = d; return }
        if let i = try? c.decode(Int.self) { value = Double(i); return }
        throw DecodingError.typeMismatch(Double.self, .init(codingPath: decoder.codingPath, debugDescription: "expected a number"))
    }
}

extension KeyedDecodingContainer {
    func number(_ key: Key) throws -> Double {
        guard contains(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return try decode(FlexibleNumber.self, forKey: key).value
    }

    func optionalNumber(_ key: Key) throws -> Double? {
        guard contains(key) else { return nil }
        return try decode(FlexibleNumber.self, forKey: key).value
    }
}

extension DecodingError {
    var fieldPath: String? {
        let path: [any CodingKey]
        switch self {
        case .keyNotFound(let key, let ctx):
            path = ctx.codingPath.last?.stringValue == key.stringValue ? ctx.codingPath : ctx.codingPath + [key]
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx): path = ctx.codingPath
        @unknown default: return nil
        }
        return path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    var shortMessage: String {
        switch self {
        case .keyNotFound: "is missing"
        case .typeMismatch(let type, _): "has the wrong type; expected \(type)"
        case .valueNotFound(let type, _): "is missing; expected \(type)"
        case .dataCorrupted(let ctx): ctx.debugDescription
        @unknown default: "is not valid"
        }
    }
}
