import Foundation
import HotlineCore

/// A byte-level reader for plain interval CSV files (`start,calls[,aht_seconds,abandoned,answered]`,
/// no quotes, times `YYYY-MM-DDTHH:MM[:SS]`): two years of hourly history read in milliseconds
/// instead of a quarter of a second. It accepts only files that the CSV path would accept with
/// the same result and returns nil for anything else, so that the CSV path reports the error.
enum FastIntervalReader {
    struct Row {
        var start: LocalDateTime
        var calls: Double
        var aht: Double?
        var abandoned: Double
        var answered: Double
    }

    static func read(path: String) -> [Row]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return data.withUnsafeBytes { raw -> [Row]? in
            let b = raw.bindMemory(to: UInt8.self)
            return parse(b)
        }
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> [Row]? {
        var pos = 0
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { pos = 3 }
        // Quotes anywhere: leave it to the CSV reader.
        if b.contains(0x22) { return nil }
        func line() -> (Int, Int)? {
            guard pos < b.count else { return nil }
            let s = pos
            while pos < b.count && b[pos] != 0x0A { pos += 1 }
            var e = pos
            if e > s && b[e - 1] == 0x0D { e -= 1 }
            pos += 1
            return (s, e)
        }
        func fields(_ s: Int, _ e: Int) -> [(Int, Int)] {
            var out: [(Int, Int)] = []
            var a = s
            for i in s..<e where b[i] == 0x2C { out.append((a, i)); a = i + 1 }
            out.append((a, e))
            return out
        }
        guard let (hs, he) = line() else { return nil }
        let names = fields(hs, he).map {
            String(decoding: UnsafeBufferPointer(rebasing: b[$0.0..<$0.1]), as: UTF8.self)
                .trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let cStart = names.firstIndex(of: "start"), let cCalls = names.firstIndex(of: "calls") else { return nil }
        let cAHT = names.firstIndex(of: "aht_seconds"), cAb = names.firstIndex(of: "abandoned"), cAn = names.firstIndex(of: "answered")
        var rows: [Row] = []
        rows.reserveCapacity(b.count / 24)
        while let (s, e) = line() {
            if s == e { continue }
            let f = fields(s, e)
            guard f.count == names.count else { return nil }
            guard let start = time(b, f[cStart].0, f[cStart].1),
                  let calls = number(b, f[cCalls].0, f[cCalls].1) else { return nil }
            var aht: Double?, ab = 0.0, an: Double?
            if let c = cAHT, f[c].1 > f[c].0 { guard let v = number(b, f[c].0, f[c].1) else { return nil }; aht = v }
            if let c = cAb, f[c].1 > f[c].0 { guard let v = number(b, f[c].0, f[c].1) else { return nil }; ab = v }
            if let c = cAn, f[c].1 > f[c].0 { guard let v = number(b, f[c].0, f[c].1) else { return nil }; an = v }
            let answered = an ?? (calls - ab)
            guard ab <= calls, answered + ab <= calls + 1e-9 else { return nil }
            rows.append(Row(start: start, calls: calls, aht: aht, abandoned: ab, answered: answered))
        }
        guard !rows.isEmpty else { return nil }
        // Same checks as the CSV path: no duplicate start; a length that divides an hour; aligned starts.
        let sorted = rows.map(\.start.seconds).sorted()
        var gap = Int.max
        for k in 1..<max(1, sorted.count) {
            let g = sorted[k] - sorted[k - 1]
            guard g > 0 else { return nil }
            gap = min(gap, g)
        }
        if sorted.count >= 2 {
            gap = min(gap, 3600)
            guard 3600 % gap == 0, sorted.allSatisfy({ (($0 % 86_400) + 86_400) % 86_400 % gap == 0 }) else { return nil }
        }
        return rows
    }

    static func add(_ rows: [Row], into acc: inout HourlyAccumulator) {
        for r in rows {
            acc.markRecord(day: r.start.date.dayNumber)
            let weight = r.aht == nil ? 0 : max(r.answered, 0)
            acc.add(hourIndex: r.start.hourIndex, offered: r.calls, answered: r.answered, abandoned: r.abandoned,
                    handleSum: (r.aht ?? 0) * weight, handleWeight: weight)
        }
    }

    /// `YYYY-MM-DDTHH:MM[:SS]` (T or space) only.
    static func time(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> LocalDateTime? {
        let n = e - s
        guard n == 16 || n == 19 else { return nil }
        func d(_ i: Int, _ len: Int) -> Int? {
            var v = 0
            for k in 0..<len { let c = b[s + i + k] &- 0x30; guard c <= 9 else { return nil }; v = v * 10 + Int(c) }
            return v
        }
        guard b[s + 4] == 0x2D, b[s + 7] == 0x2D, b[s + 10] == 0x54 || b[s + 10] == 0x20, b[s + 13] == 0x3A,
              let y = d(0, 4), let mo = d(5, 2), let da = d(8, 2), let h = d(11, 2), let mi = d(14, 2),
              h < 24, mi < 60, let date = CivilDate(year: y, month: mo, day: da) else { return nil }
        var sec = 0
        if n == 19 {
            guard b[s + 16] == 0x3A, let v = d(17, 2), v <= 60 else { return nil }
            sec = min(v, 59)
        }
        return LocalDateTime(date: date, hour: h, minute: mi, second: sec)
    }

    /// A plain non-negative decimal (digits, at most one point); anything else is left to the CSV path.
    static func number(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Double? {
        guard e > s, e - s <= 24 else { return nil }
        var intPart = 0.0, frac = 0.0, scale = 1.0, seenPoint = false, digits = 0
        for i in s..<e {
            let c = b[i]
            if c == 0x2E { guard !seenPoint else { return nil }; seenPoint = true; continue }
            let v = c &- 0x30
            guard v <= 9 else { return nil }
            digits += 1
            if seenPoint { scale /= 10; frac += Double(v) * scale } else { intPart = intPart * 10 + Double(v) }
        }
        guard digits > 0, digits <= 15 else { return nil }
        return intPart + frac
    }
}
