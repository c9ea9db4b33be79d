import Foundation
import RosterStore

/// What the busiest pages cost to make, made once per change of the store: the week view (read
/// and checked from the store), the rendered roster grid with its coverage charts, and the /api
/// JSON of a week. Every entry is keyed by the store's change stamp (`RosterStore.changeStamp()`,
/// raised by every write of any process, the CLI's included): when the stamp moves, everything is
/// dropped and made anew on the next request. Requests that miss at once share one computation.
///
/// What is cached never depends on the session: the CSRF token, the user's name and the notices
/// are rendered per request around it. Entries are per scope (the whole week, or one agent's row).
public actor PageCache {
    private var stamp: Int64 = .min
    private var entries: [String: Task<any Sendable, any Error>] = [:]
    /// More distinct entries than this between two changes (many weeks, versions and languages
    /// open at once): everything is dropped and the cache starts again.
    public let capacity: Int
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init(capacity: Int = 256) { self.capacity = capacity }

    /// The value under `key` for the store as of `stamp`, computed by `make` on a miss.
    /// A failure is not kept (the next request tries again).
    public func value<T: Sendable>(_ key: String, stamp: Int64, _ make: @escaping @Sendable () throws -> T) async throws -> T {
        if stamp != self.stamp {
            entries.removeAll(keepingCapacity: true)
            self.stamp = stamp
        }
        if let task = entries[key] {
            hits += 1
            return try await task.value as! T
        }
        misses += 1
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        let task = Task<any Sendable, any Error>.detached { try make() }  // off the actor: a miss takes tens of ms
        entries[key] = task
        do {
            return try await task.value as! T
        } catch {
            if stamp == self.stamp { entries[key] = nil }
            throw error
        }
    }
}
