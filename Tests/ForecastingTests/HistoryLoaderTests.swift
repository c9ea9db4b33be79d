import Foundation
import HotlineCore
import Testing
import TestSupport
@testable import Forecasting

func date(_ text: String) -> CivilDate {
    guard let d = CivilDate.parse(text) else { fatalError("bad test date \(text)") }
    return d
}

func time(_ text: String) -> LocalDateTime {
    guard let t = LocalDateTime.parse(text) else { fatalError("bad test time \(text)") }
    return t
}

/// Writes `text` to a new temporary directory as `name`; returns the file's path.
func writeTemp(_ name: String, _ text: String, in dir: String? = nil) throws -> String {
    let folder = try dir ?? SharedData.temporaryDirectory()
    let path = folder + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("Per-call history CSV")
struct PerCallTests {
    let csv = """
    arrived_at,answered_at,ended_at,outcome,channel
    2026-03-02T08:05:00,2026-03-02T08:05:20,2026-03-02T08:09:20,answered,phone
    2026-03-02T08:30:00,2026-03-02T08:30:10,2026-03-02T08:32:10,answered,
    2026-03-02T08:59:59,,,abandoned,phone
    2026-03-02T09:00:00,,,self_service,phone
    2026-03-02T09:10:00,2026-03-02T09:10:05,2026-03-02T09:11:05,answered,wechat
    2026-03-04 23:15,2026-03-04 23:15:30,2026-03-04 23:20:30,answered,phone
    """

    @Test("counts offered = answered + abandoned by arrival hour; handle = ended − answered; other channels left out")
    func counts() throws {
        let s = try HistoryLoader.load(path: writeTemp("calls.csv", csv), format: .perCall)
        #expect(s.start == time("2026-03-02T00:00"))
        #expect(s.hours.count == 3 * 24)
        let h8 = try #require(s.observation(at: time("2026-03-02T08:00")))
        #expect(h8.offered == 3)
        #expect(h8.answered == 2)
        #expect(h8.abandoned == 1)
        #expect(h8.handleSeconds == 180)  // (240 + 120) / 2
        let h9 = try #require(s.observation(at: time("2026-03-02T09:00")))
        #expect(h9.offered == 0)
        #expect(h9.selfService == 1)
        #expect(h9.handleSeconds == nil)
        #expect(s.observation(at: time("2026-03-04T23:00"))?.offered == 1)
        #expect(s.observation(at: time("2026-03-04T23:00"))?.handleSeconds == 300)
        #expect(s.daysWithoutRecords == [date("2026-03-03")])
        #expect(s.offered(on: date("2026-03-02")) == 3)
    }

    @Test("auto recognises the per-call header")
    func auto() throws {
        let path = try writeTemp("calls.csv", csv)
        #expect(HistoryLoader.detect(path: path) == .perCall)
        #expect(try HistoryLoader.load(path: path).hours.count == 72)
    }

    @Test("without outcome a call with answered_at is answered, else abandoned")
    func inferredOutcome() throws {
        let s = try HistoryLoader.load(path: writeTemp("c.csv", "arrived_at,answered_at\n2026-03-02T10:00,2026-03-02T10:00:30\n2026-03-02T10:10,\n"))
        let h = try #require(s.observation(at: time("2026-03-02T10:00")))
        #expect(h.offered == 2 && h.answered == 1 && h.abandoned == 1)
    }

    @Test("missing arrived_at column")
    func missingColumn() throws {
        let path = try writeTemp("c.csv", "answered_at,outcome\n2026-03-02T10:00,answered\n")
        let e = #expect(throws: InputError.self) { try HistoryLoader.load(path: path, format: .perCall) }
        #expect(e?.file == path && e?.line == 1 && e?.field == "arrived_at")
    }

    @Test("an unparsable time names line and field")
    func badTime() throws {
        let path = try writeTemp("c.csv", "arrived_at,outcome\n2026-03-02T10:00,answered\n2026-03-02T25:00,answered\n")
        #expect(throws: InputError(file: path, line: 3, field: "arrived_at",
                                   "expected a local time YYYY-MM-DDTHH:MM[:SS], got '2026-03-02T25:00'")) {
            try HistoryLoader.load(path: path)
        }
    }

    @Test("an unknown outcome names line and field")
    func unknownOutcome() throws {
        let path = try writeTemp("c.csv", "arrived_at,outcome\n2026-03-02T10:00,answered\n2026-03-02T10:05,dropped\n")
        let e = #expect(throws: InputError.self) { try HistoryLoader.load(path: path) }
        #expect(e?.line == 3 && e?.field == "outcome")
        #expect(e?.message.contains("dropped") == true)
    }

    @Test("ended before answered is refused")
    func endedBeforeAnswered() throws {
        let path = try writeTemp("c.csv", "arrived_at,answered_at,ended_at\n2026-03-02T10:00,2026-03-02T10:01,2026-03-02T10:00:30\n")
        let e = #expect(throws: InputError.self) { try HistoryLoader.load(path: path) }
        #expect(e?.line == 2 && e?.field == "ended_at")
    }
}

@Suite("Interval history CSV")
struct IntervalTests {
    @Test("15-minute intervals are summed into hours; AHT weighted by answered calls")
    func quarterHours() throws {
        let path = try writeTemp("i.csv", """
        start,calls,aht_seconds,abandoned
        2026-03-02T08:00,10,100,0
        2026-03-02T08:15,20,200,0
        2026-03-02T08:30,5,,1
        2026-03-02T08:45,5,300,1
        2026-03-02T09:00,7,,
        """)
        #expect(HistoryLoader.detect(path: path) == .interval)
        let s = try HistoryLoader.load(path: path)
        let h8 = try #require(s.observation(at: time("2026-03-02T08:00")))
        #expect(h8.offered == 40)
        #expect(h8.abandoned == 2)
        #expect(h8.answered == 38)
        // (10·100 + 20·200 + 4·300) / 34
        #expect(abs(h8.handleSeconds! - 6200.0 / 34.0) < 1e-9)
        #expect(s.observation(at: time("2026-03-02T09:00"))?.offered == 7)
        #expect(s.observation(at: time("2026-03-02T09:00"))?.handleSeconds == nil)
        #expect(s.hours.count == 24)
    }

    @Test("hourly rows with gaps (closed nights) are fine; intervals are hour-aligned")
    func hourlyWithGaps() throws {
        let path = try writeTemp("i.csv", "start,calls\n2026-03-02T08:00,3\n2026-03-02T12:00,4\n2026-03-05T08:00,1\n")
        let s = try HistoryLoader.load(path: path, format: .interval)
        #expect(s.offered(on: date("2026-03-02")) == 7)
        #expect(s.daysWithoutRecords == [date("2026-03-03"), date("2026-03-04")])
    }

    @Test("a negative count names line and field")
    func negative() throws {
        let path = try writeTemp("i.csv", "start,calls\n2026-03-02T08:00,3\n2026-03-02T09:00,-4\n")
        #expect(throws: InputError(file: path, line: 3, field: "calls", "must not be negative, got -4")) {
            try HistoryLoader.load(path: path)
        }
    }

    @Test("an interval length that does not divide an hour is refused")
    func badLength() throws {
        let path = try writeTemp("i.csv", "start,calls\n2026-03-02T08:00,3\n2026-03-02T08:45,4\n")
        let e = #expect(throws: InputError.self) { try HistoryLoader.load(path: path) }
        #expect(e?.line == 3 && e?.field == "start")
    }

    @Test("a repeated interval is refused")
    func duplicate() throws {
        let path = try writeTemp("i.csv", "start,calls\n2026-03-02T08:00,3\n2026-03-02T08:00,4\n")
        let e = #expect(throws: InputError.self) { try HistoryLoader.load(path: path) }
        #expect(e?.line == 3 && e?.field == "start")
    }

    @Test("missing calls column")
    func missingCalls() throws {
        let path = try writeTemp("i.csv", "start,volume\n2026-03-02T08:00,3\n")
        let e = #expect(throws: InputError.self) { try HistoryLoader.load(path: path, format: .interval) }
        #expect(e?.line == 1 && e?.field == "calls")
    }

    @Test("an unrecognised header with auto says what is expected")
    func unrecognised() throws {
        let path = try writeTemp("x.csv", "when,how_many\n2026-03-02T08:00,3\n")
        let e = #expect(throws: InputError.self) { try HistoryLoader.load(path: path) }
        #expect(e?.line == 1)
        #expect(e?.message.contains("arrived_at") == true)
    }
}

@Suite("History directories")
struct DirectoryTests {
    @Test("a directory is one history; files of other kinds are skipped")
    func directory() throws {
        let dir = try SharedData.temporaryDirectory()
        _ = try writeTemp("a.csv", "arrived_at,outcome\n2026-03-02T10:00,answered\n", in: dir)
        _ = try writeTemp("b.csv", "arrived_at,outcome\n2026-03-03T11:00,abandoned\n2026-03-03T11:30,answered\n", in: dir)
        _ = try writeTemp("calendar.csv", "date,kind,name\n2026-03-03,special,x\n", in: dir)
        _ = try writeTemp("README.txt", "notes\n", in: dir)
        let s = try HistoryLoader.load(path: dir)
        #expect(s.hours.count == 48)
        #expect(s.offered(on: date("2026-03-02")) == 1)
        #expect(s.observation(at: time("2026-03-03T11:00"))?.offered == 2)
        let e = #expect(throws: InputError.self) { try HistoryLoader.load(path: dir, format: .anonymousBank) }
        #expect(e?.file == dir)
    }

    @Test("a missing path is named")
    func missing() {
        let e = #expect(throws: InputError.self) { try HistoryLoader.load(path: "/nonexistent/history") }
        #expect(e?.file == "/nonexistent/history")
    }
}

@Suite("Anonymous Bank format (small inline files)")
struct AnonymousBankInlineTests {
    let header = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n"

    @Test("AGENT and queued HANG are offered; VRU-only HANG is self-service; PHANTOM ignored")
    func rules() throws {
        let body = header + """
        AA0101\t1\t0\t2\tPS\t990103\t7:00:31\t7:00:36\t5\t7:00:36\t7:03:09\t153\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER
        AA0101\t2\t0\t0\tPS\t990103\t7:34:12\t7:34:23\t11\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER
        AA0101\t3\t0\t2\tPS\t990103  7:55:20 7:55:26\t6\t7:55:26\t7:55:43\t17\tAGENT\t7:55:43\t7:56:37\t54\tMICHAL
        AA0101\t4\t0\t0\tPS\t990103\t7:41:16\t7:41:26\t10\t0:00:00\t0:00:00\t0\tAGENT\t7:41:25\t7:44:53\t208\tBASCH
        AA0101\t5\t0\t0\tPS\t990103\t17:41:16\t17:41:26\t10\t0:00:00\t0:00:00\t0\tPHANTOM\t0:00:00\t0:00:00\t0\tNO_SERVER
        AA0101\t6\t0\t0\tPS\t990105\t23:59:59\t0:00:05\t6\t0:00:05\t0:00:10\t5\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER

        """
        let path = try writeTemp("01_January.txt", body)
        #expect(HistoryLoader.detect(path: path) == .anonymousBank)
        let s = try HistoryLoader.load(path: path)
        #expect(s.start == time("1999-01-03T00:00"))
        let h7 = try #require(s.observation(at: time("1999-01-03T07:00")))
        #expect(h7.offered == 3 && h7.answered == 2 && h7.abandoned == 1 && h7.selfService == 1)
        #expect(h7.handleSeconds == 131)
        #expect(s.observation(at: time("1999-01-03T17:00"))?.offered == 0)
        #expect(s.observation(at: time("1999-01-05T23:00"))?.abandoned == 1)
        #expect(s.daysWithoutRecords == [date("1999-01-04")])
    }

    @Test("an unparsable time names line and field")
    func badTime() throws {
        let body = header + "AA0101\t1\t0\t2\tPS\t990103\t7:00:31\t7:00:36\t5\t7:00:36\t7:03:09\t153\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n"
            + "AA0101\t2\t0\t2\tPS\t990103\t7:6x:31\t7:00:36\t5\t7:00:36\t7:03:09\t153\tAGENT\t0:00:00\t0:00:00\t0\tX\n"
        let path = try writeTemp("f.txt", body)
        #expect(throws: InputError(file: path, line: 3, field: "vru_entry", "expected a time H:MM:SS, got '7:6x:31'")) {
            try HistoryLoader.load(path: path, format: .anonymousBank)
        }
    }

    @Test("an unknown outcome, a bad date and a short line name line and field")
    func badRows() throws {
        let good = "AA0101\t1\t0\t2\tPS\t990103\t7:00:31\t7:00:36\t5\t7:00:36\t7:03:09\t153\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n"
        let p1 = try writeTemp("f.txt", header + good + good.replacingOccurrences(of: "HANG", with: "BUSY"))
        let e1 = #expect(throws: InputError.self) { try HistoryLoader.load(path: p1) }
        #expect(e1?.line == 3 && e1?.field == "outcome")
        let p2 = try writeTemp("f.txt", header + good.replacingOccurrences(of: "990103", with: "991303"))
        let e2 = #expect(throws: InputError.self) { try HistoryLoader.load(path: p2) }
        #expect(e2?.line == 2 && e2?.field == "date")
        let p3 = try writeTemp("f.txt", header + "AA0101\t1\t0\t2\tPS\t990103\t7:00:31\n")
        let e3 = #expect(throws: InputError.self) { try HistoryLoader.load(path: p3) }
        #expect(e3?.line == 2)
    }

    @Test("a header without vru_entry is refused with the column named")
    func missingColumn() throws {
        let path = try writeTemp("f.txt", header.replacingOccurrences(of: "vru_entry", with: "arrival") + "x\n")
        let e = #expect(throws: InputError.self) { try HistoryLoader.load(path: path, format: .anonymousBank) }
        #expect(e?.line == 1 && e?.field == "vru_entry")
    }
}

@Suite("Anonymous Bank 1999 (real data)",
       .enabled(if: SharedData.hasAnonymousBank, "needs ../shared/data/anonymous-bank-1999"))
struct AnonymousBankDataTests {
    /// Independent count from the raw lines, with plain string splitting:
    /// offered to agents = AGENT + HANG with q_start != 0:00:00, by date (yymmdd) and vru_entry hour.
    static func rawOffered() throws -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        let dir = SharedData.anonymousBank
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".txt") && name.first!.isNumber {
            let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            for line in text.split(separator: "\n").dropFirst() {
                let f = line.split(whereSeparator: { $0 == "\t" || $0 == " " || $0 == "\r" })
                guard f.count >= 17 else { continue }
                let outcome = f[12], qStart = f[9]
                guard outcome == "AGENT" || (outcome == "HANG" && qStart != "0:00:00") else { continue }
                let hour = Int(f[6].split(separator: ":")[0])!
                result[String(f[5]), default: Array(repeating: 0, count: 24)][hour] += 1
            }
        }
        return result
    }

    @Test("the whole data set loads: Jan 1 – Jul 31 1999, Jan 11–12 without records; offered matches an independent count")
    func wholeData() throws {
        let clock = ContinuousClock()
        var series: HourlySeries?
        let elapsed = try clock.measure { series = try HistoryLoader.load(path: SharedData.anonymousBank, format: .anonymousBank) }
        let s = try #require(series)
        print("Anonymous Bank 1999: loaded \(s.hours.count) hours in \(elapsed)")
        #expect(s.start == time("1999-01-01T00:00"))
        #expect(s.hours.count == 212 * 24)
        #expect(s.daysWithoutRecords == [date("1999-01-11"), date("1999-01-12")])

        let raw = try Self.rawOffered()
        for (code, iso) in [("990104", "1999-01-04"), ("990315", "1999-03-15"), ("990401", "1999-04-01"),
                            ("990602", "1999-06-02"), ("990731", "1999-07-31")] {
            let expected = Double(raw[code]!.reduce(0, +))
            #expect(s.offered(on: date(iso)) == expected, "offered on \(iso)")
        }
        // Per hour on one day.
        let day = try #require(s.day(date("1999-03-15")))
        #expect(day.map(\.offered) == raw["990315"]!.map(Double.init))
        // Whole data set.
        let total = s.hours.reduce(0) { $0 + $1.offered }
        #expect(total == Double(raw.values.reduce(0) { $0 + $1.reduce(0, +) }))
        // auto finds the same.
        let auto = try HistoryLoader.load(path: SharedData.anonymousBank)
        #expect(auto.hours == s.hours)
    }
}
