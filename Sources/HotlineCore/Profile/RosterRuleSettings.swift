import Foundation

extension CenterProfile {
    /// The optional `[rules]` section: per-person roster rules the engine enforces and the validator
    /// checks. Every key is optional (default in brackets).
    ///
    /// ```toml
    /// [rules]
    /// max_consecutive_work_days = 6      # hard [6]
    /// max_nights_per_week = 5            # hard [5]
    /// max_working_weekends = 3           # soft, in weekend_period_weeks weeks [3 in 4]
    /// weekend_period_weeks = 4
    /// week_hours_below_contract = 8      # soft weekly minimum: contract − 8 [8]
    /// week_hours_above_contract = 0      # hard weekly maximum: contract + 0, at most labour.max_hours_per_week [0]
    /// period_weeks = 4                   # the contract period [the roster run's weeks]
    /// period_hours_below_contract = 8    # soft period minimum: contract × weeks − 8 [8]
    /// period_hours_above_contract = 0    # hard period maximum: contract × weeks + 0 [0]
    ///
    /// [rules.max_shifts_per_type]        # hard, per week, by shift name (lower-case English name)
    /// night = 4
    ///
    /// [rules.max_shifts_per_type_per_period]
    /// night = 10
    /// ```
    /// The contract is each person's `contract_hours_per_week` (people file); the bounds are
    /// relative to it, so part-time contracts get their own.
    public struct RosterRuleSettings: Sendable, Codable, Equatable {
        public var maxConsecutiveWorkDays: Int?
        public var maxNightsPerWeek: Int?
        public var maxWorkingWeekends: Int?
        public var weekendPeriodWeeks: Int?
        public var weekHoursBelowContract: Double?
        public var weekHoursAboveContract: Double?
        public var periodWeeks: Int?
        public var periodHoursBelowContract: Double?
        public var periodHoursAboveContract: Double?
        public var maxShiftsPerType: [String: Int]?
        public var maxShiftsPerTypePerPeriod: [String: Int]?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case maxConsecutiveWorkDays = "max_consecutive_work_days", maxNightsPerWeek = "max_nights_per_week"
            case maxWorkingWeekends = "max_working_weekends", weekendPeriodWeeks = "weekend_period_weeks"
            case weekHoursBelowContract = "week_hours_below_contract", weekHoursAboveContract = "week_hours_above_contract"
            case periodWeeks = "period_weeks", periodHoursBelowContract = "period_hours_below_contract"
            case periodHoursAboveContract = "period_hours_above_contract"
            case maxShiftsPerType = "max_shifts_per_type", maxShiftsPerTypePerPeriod = "max_shifts_per_type_per_period"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            maxConsecutiveWorkDays = try c.decodeIfPresent(Int.self, forKey: .maxConsecutiveWorkDays)
            maxNightsPerWeek = try c.decodeIfPresent(Int.self, forKey: .maxNightsPerWeek)
            maxWorkingWeekends = try c.decodeIfPresent(Int.self, forKey: .maxWorkingWeekends)
            weekendPeriodWeeks = try c.decodeIfPresent(Int.self, forKey: .weekendPeriodWeeks)
            weekHoursBelowContract = try c.optionalNumber(.weekHoursBelowContract)
            weekHoursAboveContract = try c.optionalNumber(.weekHoursAboveContract)
            periodWeeks = try c.decodeIfPresent(Int.self, forKey: .periodWeeks)
            periodHoursBelowContract = try c.optionalNumber(.periodHoursBelowContract)
            periodHoursAboveContract = try c.optionalNumber(.periodHoursAboveContract)
            maxShiftsPerType = try c.decodeIfPresent([String: Int].self, forKey: .maxShiftsPerType)
            maxShiftsPerTypePerPeriod = try c.decodeIfPresent([String: Int].self, forKey: .maxShiftsPerTypePerPeriod)
        }

        /// Checks the values; errors name the file, the line of the key (found in `text`) and the field.
        func validate(file: String, text: String, shiftNames: [String]) throws {
            func fail(_ key: String, table: String = "rules", _ message: String) -> InputError {
                InputError(file: file, line: Self.line(ofKey: key, inTable: table, text: text), field: "\(table).\(key)", message)
            }
            func atLeast(_ v: Int?, _ lo: Int, _ key: String) throws {
                if let v, v < lo { throw fail(key, "must be at least \(lo), got \(v)") }
            }
            func nonNegative(_ v: Double?, _ key: String) throws {
                if let v, !(v.isFinite && v >= 0) { throw fail(key, "must be a number of hours ≥ 0, got \(v)") }
            }
            try atLeast(maxConsecutiveWorkDays, 1, "max_consecutive_work_days")
            if let v = maxConsecutiveWorkDays, v > 13 { throw fail("max_consecutive_work_days", "must be at most 13 (a day off every two weeks), got \(v)") }
            try atLeast(maxNightsPerWeek, 0, "max_nights_per_week")
            try atLeast(maxWorkingWeekends, 0, "max_working_weekends")
            try atLeast(weekendPeriodWeeks, 1, "weekend_period_weeks")
            try atLeast(periodWeeks, 1, "period_weeks")
            if let v = periodWeeks, v > 52 { throw fail("period_weeks", "must be at most 52 weeks, got \(v)") }
            try nonNegative(weekHoursBelowContract, "week_hours_below_contract")
            try nonNegative(weekHoursAboveContract, "week_hours_above_contract")
            try nonNegative(periodHoursBelowContract, "period_hours_below_contract")
            try nonNegative(periodHoursAboveContract, "period_hours_above_contract")
            let known = Set(shiftNames.map { $0.lowercased() })
            for (table, limits) in [("rules.max_shifts_per_type", maxShiftsPerType), ("rules.max_shifts_per_type_per_period", maxShiftsPerTypePerPeriod)] {
                for (key, n) in (limits ?? [:]).sorted(by: { $0.key < $1.key }) {
                    guard known.contains(key.lowercased()) else {
                        throw fail(key, table: table, "unknown shift type '\(key)'; expected one of the profile's shift names: "
                                   + (known.isEmpty ? "(the profile names no shifts: add [[shifts.names]])" : known.sorted().joined(separator: ", ")))
                    }
                    guard n >= 0 else { throw fail(key, table: table, "must be a number of shifts ≥ 0, got \(n)") }
                }
            }
        }

        /// The 1-based line of `key = …` inside the TOML table `[table]` (or a dotted `key` under
        /// its parent table), nil when not found.
        static func line(ofKey key: String, inTable table: String, text: String) -> Int? {
            var current = ""
            let parent = table.split(separator: ".").dropLast().joined(separator: ".")
            let last = table.split(separator: ".").last.map(String.init) ?? table
            for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") {
                    current = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).components(separatedBy: "#")[0]
                        .trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                    continue
                }
                let k = line.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                if current == table && k == key { return n + 1 }
                if current == parent && (k == "\(last).\(key)" || k == last) { return n + 1 }
            }
            return nil
        }
    }
}
