import Foundation
import HotlineCore

/// An instance of the Curtois & Qu employee-rostering benchmark (University of Nottingham, 2014;
/// schedulingbenchmarks.org), read from its text format (see ../shared/data/README.md).
///
/// Days are 0-based, day 0 a Monday; a weekend is days 5 and 6 of each week. Shifts, employees
/// and requests refer to each other by index into `shifts` and `staff`.
public struct CurtoisInstance: Sendable, Equatable {
    public struct Shift: Sendable, Equatable {
        public var id: String
        public var minutes: Int
        /// Indices of the shifts that cannot be worked the day after this one.
        public var cannotFollow: [Int]
    }

    public struct Staff: Sendable, Equatable {
        public var id: String
        /// Most shifts of each type (indexed like `shifts`) over the horizon; a type the file
        /// does not list for this employee may not be worked (0).
        public var maxShifts: [Int]
        public var maxTotalMinutes: Int
        public var minTotalMinutes: Int
        public var maxConsecutiveShifts: Int
        public var minConsecutiveShifts: Int
        public var minConsecutiveDaysOff: Int
        public var maxWeekends: Int
    }

    /// A shift-on or shift-off request: its weight is paid when it is not granted.
    public struct Request: Sendable, Equatable {
        public var employee: Int
        public var day: Int
        public var shift: Int
        public var weight: Int
    }

    public struct Cover: Sendable, Equatable {
        public var day: Int
        public var shift: Int
        public var requirement: Int
        public var underWeight: Int
        public var overWeight: Int
    }

    public var name: String
    public var days: Int
    public var shifts: [Shift]
    public var staff: [Staff]
    /// Days each employee may not work (indexed like `staff`).
    public var daysOff: [Set<Int>]
    public var onRequests: [Request]
    public var offRequests: [Request]
    public var cover: [Cover]

    public var weeks: Int { (days + 6) / 7 }

    /// The days of weekend `w` inside the horizon (Saturday and Sunday of week `w`).
    public func weekendDays(_ w: Int) -> [Int] { [7 * w + 5, 7 * w + 6].filter { $0 < days } }

    public func shiftIndex(_ id: String) -> Int? { shifts.firstIndex { $0.id == id } }
    public func staffIndex(_ id: String) -> Int? { staff.firstIndex { $0.id == id } }

    /// Reads an instance file. The instance is named after the file (`Instance7`).
    public static func load(path: String) throws(InputError) -> CurtoisInstance {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw InputError(file: path, "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, file: path, name: name)
    }

    /// Parses the text format. Every error names the file, line, section and field.
    public static func parse(_ text: String, file: String, name: String) throws(InputError) -> CurtoisInstance {
        var parser = Parser(file: file)
        return try parser.run(text, name: name)
    }
}

private struct Parser {
    let file: String
    var section: String?
    var line = 0

    init(file: String) { self.file = file }

    func error(_ field: String?, _ message: String) -> InputError {
        InputError(file: file, line: line, field: field.map { f in section.map { "\($0).\(f)" } ?? f }, message)
    }

    func int(_ fields: [String], _ i: Int, _ field: String, min: Int = 0) throws(InputError) -> Int {
        guard i < fields.count else { throw error(field, "missing; expected a whole number") }
        let s = fields[i].trimmingCharacters(in: .whitespaces)
        guard let v = Int(s) else { throw error(field, "expected a whole number, got '\(s)'") }
        guard v >= min else { throw error(field, "expected a whole number ≥ \(min), got \(v)") }
        return v
    }

    func count(_ fields: [String], _ n: Int, _ what: String) throws(InputError) {
        guard fields.count == n else {
            throw error(nil, "expected \(n) comma-separated fields (\(what)), got \(fields.count)")
        }
    }

    mutating func run(_ text: String, name: String) throws(InputError) -> CurtoisInstance {
        var days: Int?
        var shiftRows: [(id: String, minutes: Int, cannotFollow: [String], line: Int)] = []
        var staffRows: [(id: String, maxShifts: [(String, Int)], values: [Int], line: Int)] = []
        var daysOffRows: [(employee: String, days: [Int], line: Int)] = []
        var requestRows: [(on: Bool, employee: String, day: Int, shift: String, weight: Int, line: Int)] = []
        var coverRows: [(day: Int, shift: String, values: [Int], line: Int)] = []
        var seenSections = Set<String>()
        let known = ["SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
                     "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER"]

        // Lines end in CRLF in the published files; LF alone is accepted too.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            line += 1
            let content = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty || content.hasPrefix("#") { continue }
            if content.hasPrefix("SECTION_") {
                guard known.contains(content) else {
                    throw InputError(file: file, line: line, "unknown section '\(content)'; expected one of \(known.joined(separator: ", "))")
                }
                guard seenSections.insert(content).inserted else {
                    throw InputError(file: file, line: line, "section \(content) appears twice")
                }
                section = content
                continue
            }
            let fields = content.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
            switch section {
            case nil:
                throw InputError(file: file, line: line, "data before the first SECTION_ header")
            case "SECTION_HORIZON":
                guard days == nil else { throw error("days", "the horizon is given twice") }
                try count(fields, 1, "the horizon length in days")
                days = try int(fields, 0, "days", min: 1)
            case "SECTION_SHIFTS":
                guard fields.count == 2 || fields.count == 3 else {
                    throw error(nil, "expected 3 comma-separated fields (ShiftID, Length in mins, Shifts which cannot follow), got \(fields.count)")
                }
                guard !fields[0].isEmpty else { throw error("ShiftID", "empty") }
                let minutes = try int(fields, 1, "Length in mins", min: 1)
                let follow = fields.count == 3 ? fields[2].split(separator: "|").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } : []
                shiftRows.append((fields[0], minutes, follow, line))
            case "SECTION_STAFF":
                try count(fields, 8, "ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends")
                guard !fields[0].isEmpty else { throw error("ID", "empty") }
                var maxShifts: [(String, Int)] = []
                for part in fields[1].split(separator: "|") where !part.isEmpty {
                    let kv = part.split(separator: "=", omittingEmptySubsequences: false)
                    guard kv.count == 2, let v = Int(kv[1]), v >= 0 else {
                        throw error("MaxShifts", "expected ShiftID=count entries separated by '|', got '\(part)'")
                    }
                    maxShifts.append((String(kv[0]), v))
                }
                let names = ["MaxTotalMinutes", "MinTotalMinutes", "MaxConsecutiveShifts", "MinConsecutiveShifts", "MinConsecutiveDaysOff", "MaxWeekends"]
                var values: [Int] = []
                for (k, n) in names.enumerated() { values.append(try int(fields, k + 2, n)) }
                staffRows.append((fields[0], maxShifts, values, line))
            case "SECTION_DAYS_OFF":
                guard fields.count >= 1, !fields[0].isEmpty else { throw error("EmployeeID", "empty") }
                var list: [Int] = []
                for k in 1..<fields.count where !fields[k].isEmpty { list.append(try int(fields, k, "DayIndexes")) }
                daysOffRows.append((fields[0], list, line))
            case "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS":
                try count(fields, 4, "EmployeeID, Day, ShiftID, Weight")
                requestRows.append((section == "SECTION_SHIFT_ON_REQUESTS", fields[0], try int(fields, 1, "Day"),
                                    fields[2], try int(fields, 3, "Weight"), line))
            default: // SECTION_COVER
                try count(fields, 5, "Day, ShiftID, Requirement, Weight for under, Weight for over")
                coverRows.append((try int(fields, 0, "Day"), fields[1],
                                  [try int(fields, 2, "Requirement"), try int(fields, 3, "Weight for under"), try int(fields, 4, "Weight for over")], line))
            }
        }
        section = nil
        guard let days else { throw InputError(file: file, "no SECTION_HORIZON (the horizon length in days)") }
        guard !shiftRows.isEmpty else { throw InputError(file: file, "no shifts in SECTION_SHIFTS") }
        guard !staffRows.isEmpty else { throw InputError(file: file, "no employees in SECTION_STAFF") }

        func fail(_ at: Int, _ sec: String, _ field: String, _ message: String) -> InputError {
            InputError(file: file, line: at, field: "\(sec).\(field)", message)
        }
        var shiftIndex: [String: Int] = [:]
        for (i, s) in shiftRows.enumerated() {
            guard shiftIndex.updateValue(i, forKey: s.id) == nil else { throw fail(s.line, "SECTION_SHIFTS", "ShiftID", "shift '\(s.id)' is defined twice") }
        }
        var shifts: [CurtoisInstance.Shift] = []
        for s in shiftRows {
            var follow: [Int] = []
            for f in s.cannotFollow {
                guard let j = shiftIndex[f] else { throw fail(s.line, "SECTION_SHIFTS", "Shifts which cannot follow", "unknown shift '\(f)'") }
                if !follow.contains(j) { follow.append(j) }
            }
            shifts.append(.init(id: s.id, minutes: s.minutes, cannotFollow: follow))
        }
        var staffIndex: [String: Int] = [:]
        var staff: [CurtoisInstance.Staff] = []
        for (i, r) in staffRows.enumerated() {
            guard staffIndex.updateValue(i, forKey: r.id) == nil else { throw fail(r.line, "SECTION_STAFF", "ID", "employee '\(r.id)' is defined twice") }
            var maxShifts = [Int](repeating: 0, count: shifts.count)
            for (sid, v) in r.maxShifts {
                guard let j = shiftIndex[sid] else { throw fail(r.line, "SECTION_STAFF", "MaxShifts", "unknown shift '\(sid)'") }
                maxShifts[j] = v
            }
            let v = r.values
            guard v[1] <= v[0] else { throw fail(r.line, "SECTION_STAFF", "MinTotalMinutes", "\(v[1]) is more than MaxTotalMinutes \(v[0])") }
            staff.append(.init(id: r.id, maxShifts: maxShifts, maxTotalMinutes: v[0], minTotalMinutes: v[1],
                               maxConsecutiveShifts: v[2], minConsecutiveShifts: v[3], minConsecutiveDaysOff: v[4], maxWeekends: v[5]))
        }
        var daysOff = [Set<Int>](repeating: [], count: staff.count)
        for r in daysOffRows {
            guard let e = staffIndex[r.employee] else { throw fail(r.line, "SECTION_DAYS_OFF", "EmployeeID", "unknown employee '\(r.employee)'") }
            for d in r.days {
                guard d < days else { throw fail(r.line, "SECTION_DAYS_OFF", "DayIndexes", "day \(d) is outside the horizon 0…\(days - 1)") }
                daysOff[e].insert(d)
            }
        }
        var on: [CurtoisInstance.Request] = [], off: [CurtoisInstance.Request] = []
        for r in requestRows {
            let sec = r.on ? "SECTION_SHIFT_ON_REQUESTS" : "SECTION_SHIFT_OFF_REQUESTS"
            guard let e = staffIndex[r.employee] else { throw fail(r.line, sec, "EmployeeID", "unknown employee '\(r.employee)'") }
            guard r.day < days else { throw fail(r.line, sec, "Day", "day \(r.day) is outside the horizon 0…\(days - 1)") }
            guard let s = shiftIndex[r.shift] else { throw fail(r.line, sec, "ShiftID", "unknown shift '\(r.shift)'") }
            let q = CurtoisInstance.Request(employee: e, day: r.day, shift: s, weight: r.weight)
            if r.on { on.append(q) } else { off.append(q) }
        }
        var cover: [CurtoisInstance.Cover] = []
        var seenCover = Set<Int>()
        for r in coverRows {
            guard r.day < days else { throw fail(r.line, "SECTION_COVER", "Day", "day \(r.day) is outside the horizon 0…\(days - 1)") }
            guard let s = shiftIndex[r.shift] else { throw fail(r.line, "SECTION_COVER", "ShiftID", "unknown shift '\(r.shift)'") }
            guard seenCover.insert(r.day * shifts.count + s).inserted else {
                throw fail(r.line, "SECTION_COVER", "ShiftID", "cover for day \(r.day), shift \(r.shift) is given twice")
            }
            cover.append(.init(day: r.day, shift: s, requirement: r.values[0], underWeight: r.values[1], overWeight: r.values[2]))
        }
        return CurtoisInstance(name: name, days: days, shifts: shifts, staff: staff, daysOff: daysOff,
                               onRequests: on, offRequests: off, cover: cover)
    }
}
