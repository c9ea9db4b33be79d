/// A wall-clock date and time of the center, to the second, counted from 1970-01-01T00:00 local.
///
/// Printed as ISO 8601 without offset (`2026-12-07T08:00`, seconds shown only when non-zero).
public struct LocalDateTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00 of the local calendar.
    public var seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    public init(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        seconds = date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second
    }

    public var date: CivilDate { CivilDate(dayNumber: LocalDateTime.floorDiv(seconds, 86_400)) }
    public var secondOfDay: Int { seconds - LocalDateTime.floorDiv(seconds, 86_400) * 86_400 }
    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay % 3600 / 60 }
    public var second: Int { secondOfDay % 60 }

    /// Hours since the epoch (floor): the index of the clock hour this instant falls in.
    public var hourIndex: Int { LocalDateTime.floorDiv(seconds, 3600) }

    /// The start of the clock hour this instant falls in.
    public var startOfHour: LocalDateTime { LocalDateTime(seconds: hourIndex * 3600) }

    public func adding(seconds s: Int) -> LocalDateTime { LocalDateTime(seconds: seconds + s) }
    public func adding(minutes m: Int) -> LocalDateTime { LocalDateTime(seconds: seconds + m * 60) }
    public func adding(hours h: Int) -> LocalDateTime { LocalDateTime(seconds: seconds + h * 3600) }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD HH:MM[:SS]`; a trailing `Z` or offset is refused
    /// (times are the center's wall clock).
    public static func parse(_ text: some StringProtocol) -> LocalDateTime? {
        let t = text.trimmingCharacters(in: " ")
        guard t.count >= 16 else { return nil }
        let sepIndex = t.index(t.startIndex, offsetBy: 10)
        guard t[sepIndex] == "T" || t[sepIndex] == " ",
              let date = CivilDate.parse(t[t.startIndex..<sepIndex]) else { return nil }
        let clock = t[t.index(after: sepIndex)...].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3 else { return nil }
        guard clock[0].count == 2, clock[1].count == 2,
              let h = Int(clock[0]), let m = Int(clock[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        var s = 0
        if clock.count == 3 {
            // Allow fractional seconds, which some phone systems export; they are truncated.
            let sec = clock[2].split(separator: ".", maxSplits: 1)
            guard let first = sec.first, first.count == 2, let v = Int(first), (0...60).contains(v) else { return nil }
            if sec.count == 2, !sec[1].allSatisfy(\.isNumber) { return nil }
            s = min(v, 59)
        }
        return LocalDateTime(date: date, hour: h, minute: m, second: s)
    }

    public var description: String {
        let base = "\(date)T\(CivilDate.pad(hour, 2)):\(CivilDate.pad(minute, 2))"
        return second == 0 ? base : base + ":" + CivilDate.pad(second, 2)
    }

    /// `HH:MM` of the wall clock.
    public var clockText: String { "\(CivilDate.pad(hour, 2)):\(CivilDate.pad(minute, 2))" }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.seconds < b.seconds }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalDateTime.parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "expected a local time YYYY-MM-DDTHH:MM, got '\(text)'"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> Substring {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return s
    }
}
