import Foundation
import HotlineCore

/// The file formats of call history (DESIGN.md, "Input files").
public enum HistoryFormat: String, Sendable, CaseIterable {
    /// Recognise each file by its header line.
    case auto
    /// One row per call: `arrived_at` (required), `answered_at`, `ended_at`, `outcome`, `channel`.
    case perCall = "per-call"
    /// One row per interval: `start,calls` and optional `aht_seconds,abandoned,answered`.
    case interval
    /// The Anonymous Bank 1999 call records (whitespace-separated, `yymmdd`, `H:MM:SS`).
    case anonymousBank = "anonymous-bank"
}

/// Reads call history into an hourly series.
public enum HistoryLoader {
    /// Reads `path`, a file or a directory of files, all read as one history.
    ///
    /// In a directory, hidden files and sub-directories are ignored, and so are files whose header
    /// is not one of the history formats (or not `format`, when one is given): a data folder may
    /// hold its calendar and documentation next to the history. Calls are counted by the clock
    /// hour they arrived in; the series runs from midnight of the first day with a record to
    /// midnight after the last, and days in between without any record are `daysWithoutRecords`.
    public static func load(path: String, format: HistoryFormat = .auto) throws -> HourlySeries {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, "no such file or directory")
        }
        var acc = HourlyAccumulator()
        if isDirectory.boolValue {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            } catch {
                throw InputError(file: path, "cannot list the directory: \(error.localizedDescription)")
            }
            var used = 0
            for name in names where !name.hasPrefix(".") {
                let file = (path as NSString).appendingPathComponent(name)
                var sub: ObjCBool = false
                guard FileManager.default.fileExists(atPath: file, isDirectory: &sub), !sub.boolValue,
                      let detected = detect(path: file), format == .auto || detected == format else { continue }
                try read(file: file, format: detected, into: &acc)
                used += 1
            }
            guard used > 0 else {
                throw InputError(file: path, "holds no call history file\(format == .auto ? "" : " of format \(format.rawValue)"); expected files with a per-call (arrived_at,…), interval (start,calls,…) or Anonymous Bank (vru+line call_id … ser_time server) header")
            }
        } else {
            var chosen = format
            if format == .auto {
                guard let detected = detect(path: path) else {
                    throw InputError(file: path, line: 1, "unrecognised header: expected a per-call history (arrived_at,…), an interval history (start,calls,…) or Anonymous Bank records (vru+line call_id … ser_time server); or give the format")
                }
                chosen = detected
            }
            try read(file: path, format: chosen, into: &acc)
        }
        guard let series = acc.series() else {
            throw InputError(file: path, "holds no call records")
        }
        return series
    }

    /// The format of a history file from its header line, or nil when it is none of them.
    public static func detect(path: String) -> HistoryFormat? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        var firstLine = head.prefix { $0 != 0x0A }
        if firstLine.starts(with: [0xEF, 0xBB, 0xBF]) { firstLine = firstLine.dropFirst(3) }
        guard let text = String(data: Data(firstLine), encoding: .utf8) else { return nil }
        let names = Set(text.lowercased().split(whereSeparator: { $0 == "," || $0 == "\t" || $0 == " " || $0 == "\r" || $0 == "\"" }).map(String.init))
        if names.contains("vru_entry") && names.contains("outcome") { return .anonymousBank }
        if names.contains("arrived_at") { return .perCall }
        if names.contains("start") && names.contains("calls") { return .interval }
        return nil
    }

    static func read(file: String, format: HistoryFormat, into acc: inout HourlyAccumulator) throws {
        switch format {
        case .anonymousBank: try AnonymousBankParser.parse(path: file, into: &acc)
        case .perCall: try readPerCall(table: CSVTable.read(path: file), into: &acc)
        case .interval:
            // A fast byte scan for plain files; anything it does not accept (quotes, odd times, bad
            // values) goes through the CSV reader, which names the line and field of the problem.
            if let rows = FastIntervalReader.read(path: file) {
                FastIntervalReader.add(rows, into: &acc)
            } else {
                try readInterval(table: CSVTable.read(path: file), into: &acc)
            }
        case .auto:
            guard let detected = detect(path: file) else {
                throw InputError(file: file, line: 1, "unrecognised header")
            }
            try read(file: file, format: detected, into: &acc)
        }
    }

    /// Per-call CSV. Only `phone` calls (the default channel) count as calls; rows of other channels
    /// (SMS, WeChat) still mark their day as having records. Without `outcome`, a call with
    /// `answered_at` is answered and one without is abandoned.
    static func readPerCall(table: CSVTable, into acc: inout HourlyAccumulator) throws {
        let expected = ["arrived_at", "answered_at", "ended_at", "outcome", "channel"]
        let cArrived = try table.requireColumn("arrived_at", expected: expected)
        let cAnswered = table.columnIndex("answered_at")
        let cEnded = table.columnIndex("ended_at")
        let cOutcome = table.columnIndex("outcome")
        let cChannel = table.columnIndex("channel")
        for row in table.cursors {
            let arrived = try row.dateTime(cArrived)
            let answeredAt = try row.optionalDateTime(cAnswered)
            let endedAt = try row.optionalDateTime(cEnded)
            acc.markRecord(day: arrived.date.dayNumber)
            let outcomeText = row.text(cOutcome).lowercased()
            let outcome: String
            switch outcomeText {
            case "answered", "abandoned", "self_service": outcome = outcomeText
            case "": outcome = answeredAt == nil ? "abandoned" : "answered"
            default: throw row.error(cOutcome, "expected answered, abandoned or self_service, got '\(row.text(cOutcome))'")
            }
            if let answeredAt, answeredAt < arrived {
                throw row.error(cAnswered, "is before arrived_at (\(arrived)), got '\(row.text(cAnswered))'")
            }
            var handle: Double?
            if let endedAt {
                let from = answeredAt ?? arrived
                guard endedAt >= from else {
                    throw row.error(cEnded, "is before \(answeredAt == nil ? "arrived_at" : "answered_at") (\(from)), got '\(row.text(cEnded))'")
                }
                if outcome == "answered", answeredAt != nil { handle = Double(endedAt.seconds - from.seconds) }
            }
            let channel = row.text(cChannel).lowercased()
            guard channel.isEmpty || channel == "phone" else { continue }
            let hour = arrived.hourIndex
            switch outcome {
            case "answered":
                acc.add(hourIndex: hour, offered: 1, answered: 1, handleSum: handle ?? 0, handleWeight: handle == nil ? 0 : 1)
            case "abandoned":
                acc.add(hourIndex: hour, offered: 1, abandoned: 1)
            default:
                acc.add(hourIndex: hour, selfService: 1)
            }
        }
    }

    /// Interval CSV of any interval length that divides an hour (5, 10, 15, 20, 30 or 60 minutes),
    /// summed into clock hours. The length is the shortest gap between starts (an hour when all gaps
    /// are longer: hourly data with closed periods). `answered` defaults to `calls − abandoned`; `aht_seconds` is
    /// weighted by the answered calls.
    static func readInterval(table: CSVTable, into acc: inout HourlyAccumulator) throws {
        let expected = ["start", "calls", "aht_seconds", "abandoned", "answered"]
        let cStart = try table.requireColumn("start", expected: expected)
        let cCalls = try table.requireColumn("calls", expected: expected)
        let cAHT = table.columnIndex("aht_seconds")
        let cAbandoned = table.columnIndex("abandoned")
        let cAnswered = table.columnIndex("answered")
        var starts: [(time: LocalDateTime, line: Int)] = []
        var seen: [LocalDateTime: Int] = [:]
        for row in table.cursors {
            let start = try row.dateTime(cStart)
            if let first = seen[start] {
                throw row.error(cStart, "interval \(start) is listed twice (first on line \(first))")
            }
            seen[start] = row.line
            let calls = try row.nonNegative(cCalls)
            let abandoned = try row.optionalNonNegative(cAbandoned) ?? 0
            guard abandoned <= calls else {
                throw row.error(cAbandoned, "must not exceed calls (\(row.text(cCalls))), got '\(row.text(cAbandoned))'")
            }
            let answered = try row.optionalNonNegative(cAnswered) ?? (calls - abandoned)
            guard answered + abandoned <= calls + 1e-9 else {
                throw row.error(cAnswered, "answered + abandoned must not exceed calls (\(row.text(cCalls))), got '\(row.text(cAnswered))'")
            }
            let aht = try row.optionalNonNegative(cAHT)
            acc.markRecord(day: start.date.dayNumber)
            let weight = aht == nil ? 0 : (answered > 0 ? answered : 0)
            acc.add(hourIndex: start.hourIndex, offered: calls, answered: answered, abandoned: abandoned,
                    handleSum: (aht ?? 0) * weight, handleWeight: weight)
            starts.append((start, row.line))
        }
        // The interval length is the smallest gap between starts; it must divide an hour, and
        // every interval must start on a multiple of it, so that none straddles two clock hours.
        let sorted = starts.sorted { $0.time < $1.time }
        guard sorted.count >= 2 else { return }
        var gap = Int.max, gapLine = 0
        for k in 1..<sorted.count {
            let g = sorted[k].time.seconds - sorted[k - 1].time.seconds
            if g < gap { gap = g; gapLine = sorted[k].line }
        }
        // Gaps longer than an hour are closed periods of hourly data.
        gap = min(gap, 3600)
        guard 3600 % gap == 0 else {
            throw InputError(file: table.file, line: gapLine, field: table.header[cStart],
                             "intervals must be 5, 10, 15, 20, 30 or 60 minutes long (one that divides an hour); the shortest gap between starts is \(Double(gap) / 60) minutes")
        }
        for s in sorted where s.time.secondOfDay % gap != 0 {
            throw InputError(file: table.file, line: s.line, field: table.header[cStart],
                             "interval start \(s.time) is not aligned to the \(gap / 60)-minute interval length")
        }
    }
}
