import Foundation
@testable import Optimization
import Testing

/// The process-wide CBC lock serves callers in the order they came: a caller that releases and
/// at once asks again goes behind one already waiting (an unfair mutex could hand it straight
/// back and keep the other waiting for as long as the loop runs).
@Suite struct TicketLockTests {
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String] = []
        func add(_ s: String) { lock.withLock { entries.append(s) } }
        var all: [String] { lock.withLock { entries } }
    }

    @Test func aWaitingCallerGoesBeforeTheHoldersNextTurn() async throws {
        let lock = TicketLock()
        let log = Log()
        let holding = DispatchSemaphore(value: 0)
        let looper = Thread {
            lock.withLock {
                log.add("A1")
                holding.signal()
                // Until the other caller has taken its ticket.
                while lock.waiting < 1 { usleep(1000) }
            }
            for k in 2...4 { lock.withLock { log.add("A\(k)") } }
        }
        looper.start()
        holding.wait()
        lock.withLock { log.add("B") }
        while log.all.count < 5 { try await Task.sleep(nanoseconds: 1_000_000) }
        #expect(log.all == ["A1", "B", "A2", "A3", "A4"])
    }
}
