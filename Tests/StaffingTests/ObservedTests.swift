import Foundation
import HotlineCore
import Testing
import TestSupport
@testable import Staffing

@Suite("Erlang A and C against the Anonymous Bank 1999 (real data)")
struct ObservedTests {
    static var may: String { SharedData.anonymousBank + "/05_May.txt" }

    @Test("Half-hour reading matches an independent count of May 1999 (awk: offered 37,067, abandoned 7,144, answered within 20 s 14,213)",
          .enabled(if: SharedData.hasAnonymousBank, "needs ../shared/data/anonymous-bank-1999"))
    func counts() throws {
        let observed = try AnonymousBankIntervals.read(paths: [Self.may], intervalMinutes: 30, withinSeconds: 20)
        #expect(observed.reduce(0) { $0 + $1.offered } == 37_067)
        #expect(observed.reduce(0) { $0 + $1.abandoned } == 7_144)
        #expect(observed.reduce(0) { $0 + $1.answeredWithin } == 14_213)
        #expect(observed.allSatisfy { $0.start.minute % 30 == 0 && $0.start.second == 0 })
        #expect(observed.map(\.start) == observed.map(\.start).sorted())
        let patience = try #require(ModelCheck.patienceEstimate(observed))
        #expect(patience > 60 && patience < 1_200)
    }

    @Test("Erlang A predicts abandonment better than Erlang C on May 1999 half-hours, for both ways of counting agents",
          .enabled(if: SharedData.hasAnonymousBank, "needs ../shared/data/anonymous-bank-1999"))
    func erlangABeatsC() throws {
        let observed = try AnonymousBankIntervals.read(paths: [Self.may], intervalMinutes: 30, withinSeconds: 20)
        let patience = try #require(ModelCheck.patienceEstimate(observed))
        for measure in ModelCheck.AgentsMeasure.allCases {
            let a = ModelCheck.compare(observed, intervalMinutes: 30, model: .erlangA, patienceSeconds: patience, withinSeconds: 20, agents: measure)
            let c = ModelCheck.compare(observed, intervalMinutes: 30, model: .erlangC, patienceSeconds: patience, withinSeconds: 20, agents: measure)
            #expect(a.intervals > 600 && a.intervals == c.intervals)
            #expect(a.abandonmentMAE < c.abandonmentMAE, "\(measure): A \(a.abandonmentMAE) vs C \(c.abandonmentMAE)")
            #expect(a.unstableIntervals == 0)
            if measure == .busyTime {
                #expect(a.serviceLevelMAE < c.serviceLevelMAE, "busy-time SL: A \(a.serviceLevelMAE) vs C \(c.serviceLevelMAE)")
            }
        }
    }

    @Test("A malformed record names file, line and field")
    func malformed() throws {
        let dir = try SharedData.temporaryDirectory()
        let path = dir + "/05_May.txt"
        let header = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n"
        let good = "AA0101\t1\t0\t0\tPS\t990501\t7:00:00\t7:00:10\t10\t7:00:10\t7:00:30\t20\tAGENT\t7:00:30\t7:02:00\t90\tMIKI\n"
        let bad = "AA0101\t2\t0\t0\tPS\t990501\t7:00:00\t7:00:10\t10\t7:0x:10\t7:00:30\t20\tAGENT\t7:00:30\t7:02:00\t90\tMIKI\n"
        try (header + good + bad).write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try AnonymousBankIntervals.read(paths: [path])
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.line == 3)
            #expect(error.field == "q_start")
        }
        let ok = try AnonymousBankIntervals.read(paths: [path].map { _ in
            try? (header + good).write(toFile: path, atomically: true, encoding: .utf8); return path })
        #expect(ok.count == 1 && ok[0].offered == 1 && ok[0].answeredWithin == 1 && ok[0].servers == ["MIKI"])
        #expect(ok[0].busySeconds == 90)
    }
}
