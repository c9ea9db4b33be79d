import Foundation

/// Long runs started from the browser (a week build, a scenario run): each runs in the background,
/// its progress lines and result kept here; the page polls `/api/jobs/ID`. Jobs live as long as the
/// server process (the store holds their results; the job is only the run's progress).
public actor JobQueue {
    public enum State: String, Codable, Sendable { case running, done, failed }

    public struct Job: Codable, Sendable {
        public var id: String
        public var kind: String
        /// The account that started it (only they, and admins, see it).
        public var owner: String
        public var state: State
        public var progress: [String]
        /// Where the result is shown when done (a page path).
        public var resultPath: String?
        public var error: String?
        public var startedAt: Date
        public var finishedAt: Date?
    }

    private var jobs: [String: Job] = [:]
    private var order: [String] = []
    private let keep = 200

    public init() {}

    /// Starts `work` on a background thread (solver work is synchronous); returns the job id.
    /// `work` gets a progress callback and returns the result path.
    public func start(kind: String, owner: String,
                      _ work: @escaping @Sendable (_ progress: @escaping @Sendable (String) -> Void) throws -> String?) -> String {
        let id = UUID().uuidString.lowercased()
        jobs[id] = Job(id: id, kind: kind, owner: owner, state: .running, progress: [], resultPath: nil, error: nil,
                       startedAt: Date(), finishedAt: nil)
        order.append(id)
        if order.count > keep { jobs[order.removeFirst()] = nil }
        Thread.detachNewThread { [self] in
            let progress: @Sendable (String) -> Void = { line in Task { await self.append(id, line) } }
            let outcome: Result<String?, any Error> = Result { try work(progress) }
            Task { await self.finish(id, outcome) }
        }
        return id
    }

    public func job(_ id: String) -> Job? { jobs[id] }

    /// Waits until the job is no longer running (tests and the no-JS page's wait).
    public func wait(_ id: String, timeout: Duration = .seconds(600)) async -> Job? {
        let end = ContinuousClock.now + timeout
        while let j = jobs[id], j.state == .running, ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return jobs[id]
    }

    private func append(_ id: String, _ line: String) {
        jobs[id]?.progress.append(line)
        if let n = jobs[id]?.progress.count, n > 500 { jobs[id]?.progress.removeFirst(n - 500) }
    }

    private func finish(_ id: String, _ outcome: Result<String?, any Error>) {
        switch outcome {
        case .success(let path):
            jobs[id]?.state = .done
            jobs[id]?.resultPath = path
        case .failure(let error):
            jobs[id]?.state = .failed
            jobs[id]?.error = WebErrors.classify(error, language: .en).1
        }
        jobs[id]?.finishedAt = Date()
    }
}
