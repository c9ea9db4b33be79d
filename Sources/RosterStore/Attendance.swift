import Foundation
import GRDB
import HotlineCore

/// A file rejected whole: every bad line, each naming file, line, field and reason. Nothing of
/// the file was stored.
public struct ImportRejected: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var errors: [InputError]

    public init(file: String, errors: [InputError]) {
        self.file = file
        self.errors = errors
    }

    /// One bad line: that line's error on one line. More: a summary line, then one line each.
    public var description: String {
        if errors.count == 1 { return errors[0].description + " (nothing was imported)" }
        let head = "\(file): \(errors.count) bad lines; nothing was imported"
        return ([head] + errors.map(\.description)).joined(separator: "\n")
    }
}

/// What an attendance event records (attendance CSV `kind`).
public enum AttendanceKind: Int, Sendable, Codable, CaseIterable {
    case clockIn = 0, clockOut = 1, login = 2, logout = 3

    public var name: String {
        switch self {
        case .clockIn: "clock_in"
        case .clockOut: "clock_out"
        case .login: "login"
        case .logout: "logout"
        }
    }

    public init?(name: String) {
        guard let k = AttendanceKind.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = k
    }

    /// Whether the event opens an interval (clock_in, login).
    public var opens: Bool { self == .clockIn || self == .login }
}

/// One row of the attendance CSV: `person_id,kind,at`.
public struct AttendanceEvent: Sendable, Hashable, Codable {
    public var personId: String
    public var kind: AttendanceKind
    public var at: LocalDateTime

    public init(personId: String, kind: AttendanceKind, at: LocalDateTime) {
        self.personId = personId
        self.kind = kind
        self.at = at
    }
}

/// What an attendance import stored.
public struct AttendanceImportSummary: Sendable, Codable, Hashable {
    /// Rows in the file.
    public var rows: Int
    /// New events stored.
    public var inserted: Int
    /// Rows already in the store (or repeated in the file): not stored twice.
    public var duplicates: Int
    public var firstAt: LocalDateTime?
    public var lastAt: LocalDateTime?
}

/// Reads the attendance CSV of DESIGN.md (`person_id,kind,at`, kind `clock_in|clock_out|login|
/// logout`). Every line is checked; any bad line rejects the whole file with every bad line listed.
///
/// Files without quotes take a byte-level fast path (a year for 300 people is ~300,000 rows);
/// files with quoted fields go through `CSVTable`.
public enum AttendanceCSV {
    public static let columns = ["person_id", "kind", "at"]

    /// - Parameter knownPeople: when given, a person_id not in it is a bad line.
    public static func read(path: String, knownPeople: Set<String>? = nil) throws -> [AttendanceEvent] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the file (missing or not readable)")
        }
        if data.contains(UInt8(ascii: "\"")) {
            guard let text = String(data: data, encoding: .utf8) else { throw InputError(file: path, "is not UTF-8 text") }
            return try parse(try CSVTable(text: text, file: path), knownPeople: knownPeople)
        }
        return try data.withUnsafeBytes { raw in
            try fastParse(raw.bindMemory(to: UInt8.self), file: path, knownPeople: knownPeople)
        }
    }

    /// The general path (quoted fields allowed).
    public static func parse(_ table: CSVTable, knownPeople: Set<String>? = nil) throws -> [AttendanceEvent] {
        let id = try table.requireColumn("person_id", expected: columns)
        let kind = try table.requireColumn("kind", expected: columns)
        let at = try table.requireColumn("at", expected: columns)
        var events: [AttendanceEvent] = []
        var errors: [InputError] = []
        events.reserveCapacity(table.rows.count)
        for row in table.cursors {
            do {
                let person = try row.requiredText(id)
                if let knownPeople, !knownPeople.contains(person) {
                    throw row.error(id, "unknown person_id '\(person)'; import the people file first (roster people import)")
                }
                let kindText = try row.requiredText(kind)
                guard let k = AttendanceKind(name: kindText) else {
                    throw row.error(kind, "unknown kind '\(kindText)'; expected clock_in, clock_out, login or logout")
                }
                events.append(AttendanceEvent(personId: person, kind: k, at: try row.dateTime(at)))
            } catch let e as InputError {
                errors.append(e)
            }
        }
        guard errors.isEmpty else { throw ImportRejected(file: table.file, errors: errors) }
        return events
    }

    // MARK: Fast path

    private static func trimmed(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Range<Int> {
        var s = from, e = to
        while s < e, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
        while e > s, b[e - 1] == 0x20 || b[e - 1] == 0x09 || b[e - 1] == 0x0D { e -= 1 }
        return s..<e
    }

    private static func string(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
    }

    private static func digits(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ n: Int) -> Int? {
        var v = 0
        for i in at..<(at + n) {
            let c = Int(b[i]) - 48
            guard c >= 0, c <= 9 else { return nil }
            v = v * 10 + c
        }
        return v
    }

    /// `YYYY-MM-DDTHH:MM[:SS]` without allocating; anything else goes to `LocalDateTime.parse`.
    private static func time(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> LocalDateTime? {
        let s = r.lowerBound, n = r.count
        if n == 16 || n == 19, b[s + 4] == 0x2D, b[s + 7] == 0x2D, b[s + 10] == 0x54 || b[s + 10] == 0x20, b[s + 13] == 0x3A,
           let y = digits(b, s, 4), let mo = digits(b, s + 5, 2), let d = digits(b, s + 8, 2),
           let h = digits(b, s + 11, 2), let mi = digits(b, s + 14, 2), h < 24, mi < 60 {
            var sec = 0
            if n == 19 {
                guard b[s + 16] == 0x3A, let v = digits(b, s + 17, 2), v <= 60 else { return nil }
                sec = min(v, 59)
            }
            guard let date = CivilDate(year: y, month: mo, day: d) else { return nil }
            return LocalDateTime(date: date, hour: h, minute: mi, second: sec)
        }
        return LocalDateTime.parse(string(b, r))
    }

    private static func kind(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> AttendanceKind? {
        switch r.count {
        case 5 where string(b, r).lowercased() == "login": return .login
        case 6 where string(b, r).lowercased() == "logout": return .logout
        case 8 where string(b, r).lowercased() == "clock_in": return .clockIn
        case 9 where string(b, r).lowercased() == "clock_out": return .clockOut
        default: return nil
        }
    }

    static func fastParse(_ b: UnsafeBufferPointer<UInt8>, file: String, knownPeople: Set<String>?) throws -> [AttendanceEvent] {
        var pos = 0
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { pos = 3 }
        var line = 0
        var header: [String]?
        var idCol = -1, kindCol = -1, atCol = -1
        var events: [AttendanceEvent] = []
        events.reserveCapacity(b.count / 36)
        var errors: [InputError] = []
        var interned: [String: String] = [:]  // one String per person, shared by their events
        var fieldStart = [Int](repeating: 0, count: 16)
        var fieldEnd = [Int](repeating: 0, count: 16)
        while pos < b.count {
            var end = pos
            while end < b.count, b[end] != 0x0A { end += 1 }
            line += 1
            let lineRange = trimmed(b, pos, end)
            defer { pos = end + 1 }
            if lineRange.isEmpty { continue }
            // Split on commas.
            var n = 0
            var s = lineRange.lowerBound
            var i = s
            while i <= lineRange.upperBound {
                if i == lineRange.upperBound || b[i] == 0x2C {
                    if n < 16 { let t = trimmed(b, s, i); fieldStart[n] = t.lowerBound; fieldEnd[n] = t.upperBound }
                    n += 1
                    s = i + 1
                }
                i += 1
            }
            guard let header else {
                let names = (0..<min(n, 16)).map { string(b, fieldStart[$0]..<fieldEnd[$0]).lowercased() }
                header = names
                for (c, name) in columns.enumerated() {
                    guard let index = names.firstIndex(of: name) else {
                        throw InputError(file: file, line: line, field: name,
                                         "missing column; the header must have \(columns.joined(separator: ",")) (found: \(names.joined(separator: ",")))")
                    }
                    switch c { case 0: idCol = index; case 1: kindCol = index; default: atCol = index }
                }
                continue
            }
            func field(_ c: Int) -> Range<Int> { c < n && c < 16 ? fieldStart[c]..<fieldEnd[c] : lineRange.upperBound..<lineRange.upperBound }
            let idRange = field(idCol), kindRange = field(kindCol), atRange = field(atCol)
            guard !idRange.isEmpty else {
                errors.append(InputError(file: file, line: line, field: header[idCol], "is empty; a value is required")); continue
            }
            let rawID = string(b, idRange)
            let person: String
            if let known = interned[rawID] {
                person = known
            } else {
                if let knownPeople, !knownPeople.contains(rawID) {
                    errors.append(InputError(file: file, line: line, field: header[idCol],
                                             "unknown person_id '\(rawID)'; import the people file first (roster people import)"))
                    continue
                }
                interned[rawID] = rawID
                person = rawID
            }
            guard let k = kind(b, kindRange) else {
                let text = string(b, kindRange)
                errors.append(InputError(file: file, line: line, field: header[kindCol],
                                         text.isEmpty ? "is empty; a value is required"
                                             : "unknown kind '\(text)'; expected clock_in, clock_out, login or logout"))
                continue
            }
            guard let t = time(b, atRange) else {
                let text = string(b, atRange)
                errors.append(InputError(file: file, line: line, field: header[atCol],
                                         text.isEmpty ? "is empty; a value is required"
                                             : "expected a local time YYYY-MM-DDTHH:MM[:SS], got '\(text)'"))
                continue
            }
            events.append(AttendanceEvent(personId: person, kind: k, at: t))
        }
        if header == nil { throw InputError(file: file, line: 1, "is empty: a header row is required") }
        guard errors.isEmpty else { throw ImportRejected(file: file, errors: errors) }
        return events
    }
}

// MARK: - Intervals

/// A half-open span of local time in seconds, [start, end).
public struct TimeSpan: Sendable, Hashable, Codable {
    public var start: Int
    public var end: Int
    public var seconds: Int { end - start }

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public func clipped(to window: TimeSpan) -> TimeSpan? {
        let s = max(start, window.start), e = min(end, window.end)
        return e > s ? TimeSpan(start: s, end: e) : nil
    }

    /// Sorted, merged union.
    public static func union(_ spans: [TimeSpan]) -> [TimeSpan] {
        var out: [TimeSpan] = []
        for s in spans.sorted(by: { $0.start < $1.start }) where s.end > s.start {
            if let last = out.last, s.start <= last.end {
                out[out.count - 1].end = max(last.end, s.end)
            } else {
                out.append(s)
            }
        }
        return out
    }

    /// Seconds two sorted, disjoint lists share.
    public static func overlapSeconds(_ a: [TimeSpan], _ b: [TimeSpan]) -> Int {
        var i = 0, j = 0, total = 0
        while i < a.count, j < b.count {
            let s = max(a[i].start, b[j].start), e = min(a[i].end, b[j].end)
            if e > s { total += e - s }
            if a[i].end < b[j].end { i += 1 } else { j += 1 }
        }
        return total
    }
}

/// An attendance event that could not be paired (reported, never silently dropped).
public struct AttendanceAnomaly: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A clock_in/login followed by another one before any clock_out/logout: the earlier is ignored.
        case openedTwice = "opened_twice"
        /// A clock_out/logout with no open clock_in/login: ignored.
        case closedWithoutOpen = "closed_without_open"
        /// A clock_in/login never closed: no time counted.
        case neverClosed = "never_closed"
        /// A pair longer than the longest credible session: not counted.
        case tooLong = "too_long"
    }

    public var personId: String
    public var kind: Kind
    /// The event: `clock_in`, `clock_out`, `login` or `logout`.
    public var event: String
    public var at: LocalDateTime
    public var detail: String
}

/// Pairs attendance events into on-duty (clock_in→clock_out) and online (login→logout) spans.
///
/// Rules, applied per person and per pair of kinds in time order (at equal times a closing event
/// comes before an opening one): an opening event while one is open replaces it (the earlier is
/// reported `openedTwice`); a closing event with nothing open is reported `closedWithoutOpen`; a
/// pair longer than `maxSessionSeconds` is reported `tooLong` and not counted; an opening event
/// left open is reported `neverClosed`.
public enum AttendancePairing {
    /// 16 hours: a 12-hour shift plus the 3-hour overtime ceiling, with margin.
    public static let maxSessionSeconds = 16 * 3600

    public struct Result: Sendable {
        public var onDuty: [String: [TimeSpan]] = [:]
        public var online: [String: [TimeSpan]] = [:]
        public var anomalies: [AttendanceAnomaly] = []
    }

    /// `events` in any order.
    public static func pair(_ events: [AttendanceEvent], maxSessionSeconds: Int = maxSessionSeconds) -> Result {
        var byPerson: [String: [AttendanceEvent]] = [:]
        for e in events { byPerson[e.personId, default: []].append(e) }
        var result = Result()
        for (person, list) in byPerson {
            let sorted = list.sorted { a, b in
                if a.at != b.at { return a.at < b.at }
                if a.kind.opens != b.kind.opens { return !a.kind.opens }
                return a.kind.rawValue < b.kind.rawValue
            }
            for (open, close) in [(AttendanceKind.clockIn, AttendanceKind.clockOut), (.login, .logout)] {
                var current: LocalDateTime?
                var spans: [TimeSpan] = []
                for e in sorted where e.kind == open || e.kind == close {
                    if e.kind == open {
                        if let c = current {
                            result.anomalies.append(AttendanceAnomaly(personId: person, kind: .openedTwice, event: open.name, at: c,
                                                                      detail: "\(open.name) at \(c) followed by another \(open.name) at \(e.at) with no \(close.name) between; the earlier one is ignored"))
                        }
                        current = e.at
                    } else if let c = current {
                        if e.at.seconds - c.seconds > maxSessionSeconds {
                            result.anomalies.append(AttendanceAnomaly(personId: person, kind: .tooLong, event: open.name, at: c,
                                                                      detail: "\(open.name) at \(c) to \(close.name) at \(e.at) is longer than \(maxSessionSeconds / 3600) h; not counted"))
                        } else if e.at.seconds > c.seconds {
                            spans.append(TimeSpan(start: c.seconds, end: e.at.seconds))
                        }
                        current = nil
                    } else {
                        result.anomalies.append(AttendanceAnomaly(personId: person, kind: .closedWithoutOpen, event: close.name, at: e.at,
                                                                  detail: "\(close.name) at \(e.at) without an open \(open.name); ignored"))
                    }
                }
                if let c = current {
                    result.anomalies.append(AttendanceAnomaly(personId: person, kind: .neverClosed, event: open.name, at: c,
                                                              detail: "\(open.name) at \(c) has no \(close.name); no time counted"))
                }
                if open == .clockIn { result.onDuty[person] = spans } else { result.online[person] = spans }
            }
        }
        result.anomalies.sort { ($0.at, $0.personId, $0.event) < ($1.at, $1.personId, $1.event) }
        return result
    }
}

// MARK: - Store

extension RosterStore {
    /// Reads and checks the whole attendance CSV (every person must be in the store), then stores
    /// its events in one transaction. Any bad line rejects the file (`ImportRejected` lists them
    /// all); a killed or failed import leaves the store as it was. Events already stored (same
    /// person, kind and time) are counted as duplicates, not stored twice.
    public func importAttendance(fromCSV path: String) throws -> AttendanceImportSummary {
        let known = try personIDs()
        let events = try AttendanceCSV.read(path: path, knownPeople: known)
        return try importAttendance(events, source: path)
    }

    /// The ids of everyone in the store.
    public func personIDs() throws -> Set<String> {
        try writer.read { db in Set(try String.fetchAll(db, sql: "SELECT person_id FROM people")) }
    }

    /// Stores `events` in one transaction (see `importAttendance(fromCSV:)`).
    public func importAttendance(_ events: [AttendanceEvent], source: String) throws -> AttendanceImportSummary {
        let file = URL(fileURLWithPath: source).lastPathComponent
        return try writeTransaction { db in
            let known = Set(try String.fetchAll(db, sql: "SELECT person_id FROM people"))
            if let unknown = events.first(where: { !known.contains($0.personId) }) {
                throw RosterStoreError.invalid("attendance of unknown person '\(unknown.personId)'; import people first")
            }
            try db.execute(sql: "INSERT INTO attendance_imports(file, imported_at, actor, rows, inserted) VALUES (?, ?, ?, ?, 0)",
                           arguments: [file, RosterStore.timestamp(), actor, events.count])
            let importID = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO attendance_events(person_id, kind, at, import_id) VALUES (?, ?, ?, ?)")
            var inserted = 0
            var first = Int.max, last = Int.min
            for e in events {
                try insert.execute(arguments: [e.personId, e.kind.rawValue, e.at.seconds, importID])
                inserted += db.changesCount
                first = min(first, e.at.seconds)
                last = max(last, e.at.seconds)
            }
            try db.execute(sql: "UPDATE attendance_imports SET inserted = ? WHERE id = ?", arguments: [inserted, importID])
            let summary = AttendanceImportSummary(rows: events.count, inserted: inserted, duplicates: events.count - inserted,
                                                  firstAt: events.isEmpty ? nil : LocalDateTime(seconds: first),
                                                  lastAt: events.isEmpty ? nil : LocalDateTime(seconds: last))
            try audit(db, "import", "attendance", String(importID),
                      "file=\(file) rows=\(events.count) inserted=\(inserted) from=\(summary.firstAt?.description ?? "-") to=\(summary.lastAt?.description ?? "-")")
            return summary
        }
    }

    /// Attendance events with `from <= at < to`, in time order.
    public func attendanceEvents(from: LocalDateTime, to: LocalDateTime) throws -> [AttendanceEvent] {
        try writer.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT person_id, kind, at FROM attendance_events WHERE at >= ? AND at < ? ORDER BY at",
                                           arguments: [from.seconds, to.seconds])
            var out: [AttendanceEvent] = []
            var interned: [String: String] = [:]
            while let row = try rows.next() {
                let raw: String = row[0]
                let id = interned[raw] ?? raw
                interned[raw] = id
                guard let k = AttendanceKind(rawValue: row[1]) else {
                    throw RosterStoreError.corrupt("attendance event of '\(raw)' has an unknown kind \(row[1] as Int)")
                }
                out.append(AttendanceEvent(personId: id, kind: k, at: LocalDateTime(seconds: row[2])))
            }
            return out
        }
    }

    /// How many attendance events the store holds.
    public func attendanceEventCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attendance_events") ?? 0 }
    }
}
