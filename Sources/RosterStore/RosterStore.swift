import Foundation
import GRDB
import HotlineCore

/// What went wrong with the roster store itself (input files throw `InputError` instead).
public enum RosterStoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The directory that should hold the store does not exist.
    case directoryMissing(store: String, directory: String)
    /// The store file could not be created or protected.
    case cannotCreate(store: String, reason: String)
    /// Values that cannot be stored (e.g. a shift outside the week it is published in).
    case invalid(String)
    /// A stored row that no longer decodes.
    case corrupt(String)

    public var description: String {
        switch self {
        case let .directoryMissing(store, directory):
            return "\(store): the directory '\(directory)' does not exist; create it first (the store does not create directories)"
        case let .cannotCreate(store, reason):
            return "\(store): cannot create the roster store: \(reason)"
        case let .invalid(message):
            return message
        case let .corrupt(message):
            return "the roster store is corrupt: \(message)"
        }
    }
}

/// How many people an import added and how many it updated (matched by person_id).
public struct PeopleImportSummary: Sendable, Codable, Hashable {
    public var inserted: Int
    public var updated: Int

    public init(inserted: Int, updated: Int) {
        self.inserted = inserted
        self.updated = updated
    }
}

/// The roster store: people and published rosters in one SQLite file (GRDB).
///
/// On disk it is a `DatabasePool` (WAL, busy timeout) whose file is readable by its owner only
/// (mode 0600, as are its -wal and -shm files): it holds personal data. In tests use `inMemory()`.
/// All writes are transactions; a failed import or publish leaves the store as it was.
public struct RosterStore: Sendable {
    private let writer: any DatabaseWriter

    /// Opens (creating if needed) the store at `path`. The directory must exist.
    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RosterStoreError.directoryMissing(store: path, directory: directory)
        }
        try RosterStore.createPrivateFile(path)
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.foreignKeysEnabled = true
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw RosterStoreError.cannotCreate(store: path, reason: "\(error)")
        }
        writer = pool
        try RosterStore.migrator.migrate(pool)
        try RosterStore.protectCompanionFiles(path)
    }

    private init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try RosterStore.migrator.migrate(writer)
    }

    /// A store in memory (a `DatabaseQueue`), for tests and dry runs.
    public static func inMemory() throws -> RosterStore {
        var config = Configuration()
        config.foreignKeysEnabled = true
        return try RosterStore(writer: DatabaseQueue(configuration: config))
    }

    // MARK: - Schema

    /// Shipped migrations are never edited: change the schema with a new one.
    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-people") { db in
            try db.create(table: "people") { t in
                t.column("person_id", .text).primaryKey()
                t.column("name", .text).notNull()
                t.column("role", .text).notNull()
                t.column("skills", .text).notNull().defaults(to: "")
                t.column("hired_on", .text).notNull()
                t.column("contract_hours_per_week", .double).notNull()
                t.column("national_id", .text)
                t.column("phone", .text)
            }
        }
        migrator.registerMigration("v1-rosters") { db in
            try db.create(table: "rosters") { t in
                t.column("week_start", .text).primaryKey()
                t.column("shift_count", .integer).notNull()
            }
            try db.create(table: "roster_shifts") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("week_start", .text).notNull().indexed()
                    .references("rosters", column: "week_start", onDelete: .cascade)
                t.column("person_id", .text).notNull()
                t.column("name", .text).notNull()
                t.column("role", .text).notNull()
                t.column("date", .text).notNull().indexed()
                t.column("start_seconds", .integer).notNull()
                t.column("end_seconds", .integer).notNull()
                t.column("start", .text).notNull()
                t.column("end", .text).notNull()
                t.column("shift", .text).notNull()
            }
        }
        return migrator
    }

    // MARK: - People

    /// Reads and validates the whole people CSV, then upserts everyone by person_id in one
    /// transaction: a bad row anywhere leaves the store unchanged.
    public func importPeople(fromCSV path: String) throws -> PeopleImportSummary {
        try importPeople(try PeopleCSV.read(path: path))
    }

    /// Upserts `people` by id in one transaction.
    public func importPeople(_ people: [Person]) throws -> PeopleImportSummary {
        var seen = Set<String>()
        for p in people {
            guard !p.id.isEmpty, !p.name.isEmpty else {
                throw RosterStoreError.invalid("a person needs a non-empty id and name (got id '\(p.id)')")
            }
            guard seen.insert(p.id).inserted else {
                throw RosterStoreError.invalid("person '\(p.id)' appears twice in one import")
            }
            guard p.contractHoursPerWeek > 0, p.contractHoursPerWeek <= PeopleCSV.maximumContractHours else {
                throw RosterStoreError.invalid("person '\(p.id)': contract hours per week must be in (0, 60], got \(p.contractHoursPerWeek)")
            }
        }
        return try writer.write { db in
            var summary = PeopleImportSummary(inserted: 0, updated: 0)
            for p in people {
                if try PersonRecord.exists(db, key: p.id) {
                    summary.updated += 1
                } else {
                    summary.inserted += 1
                }
                try PersonRecord(p).upsert(db)
            }
            return summary
        }
    }

    /// Everyone in the store, sorted by id.
    public func people() throws -> [Person] {
        try writer.read { db in
            try PersonRecord.order(Column("person_id")).fetchAll(db).map { try $0.person() }
        }
    }

    public func person(id: String) throws -> Person? {
        try writer.read { db in try PersonRecord.fetchOne(db, key: id)?.person() }
    }

    // MARK: - Rosters

    /// Publishes the roster of the week starting `weekStart` (7 days), replacing any roster
    /// published for that week before, in one transaction. Every shift must start on a day of
    /// that week and end after it starts.
    public func publishRoster(weekStart: CivilDate, shifts: [ShiftAssignment]) throws {
        let weekEnd = weekStart.adding(days: 6)
        for s in shifts {
            guard s.date >= weekStart, s.date <= weekEnd else {
                throw RosterStoreError.invalid(
                    "shift of '\(s.personId)' on \(s.date) is outside the week \(weekStart)…\(weekEnd) being published")
            }
            guard s.end > s.start else {
                throw RosterStoreError.invalid("shift of '\(s.personId)' on \(s.date) ends (\(s.end)) before it starts (\(s.start))")
            }
        }
        try writer.write { db in
            _ = try RosterRecord.deleteOne(db, key: weekStart.description)  // cascades to its shifts
            try RosterRecord(weekStart: weekStart.description, shiftCount: shifts.count).insert(db)
            for s in shifts {
                try ShiftRecord(weekStart: weekStart, s).insert(db)
            }
        }
    }

    /// Published shifts whose date (the day they start) lies in from…through, sorted by date,
    /// start and person id.
    public func publishedShifts(from: CivilDate, through: CivilDate) throws -> [ShiftAssignment] {
        try writer.read { db in
            try ShiftRecord
                .filter(Column("date") >= from.description && Column("date") <= through.description)
                .order(Column("date"), Column("start_seconds"), Column("person_id"))
                .fetchAll(db)
                .map { try $0.assignment() }
        }
    }

    /// The weeks with a published roster, in order.
    public func publishedWeeks() throws -> [CivilDate] {
        try writer.read { db in
            try RosterRecord.order(Column("week_start")).fetchAll(db).compactMap { CivilDate.parse($0.weekStart) }
        }
    }

    // MARK: - File protection

    /// Creates `path` with mode 0600 if it does not exist, and makes an existing file 0600.
    private static func createPrivateFile(_ path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else {
            throw RosterStoreError.cannotCreate(store: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else {
            throw RosterStoreError.cannotCreate(store: path, reason: "cannot make it private (chmod 600): \(String(cString: strerror(errno)))")
        }
    }

    /// SQLite gives the -wal and -shm files the database file's mode; make sure of it.
    private static func protectCompanionFiles(_ path: String) throws {
        for suffix in ["-wal", "-shm"] {
            let companion = path + suffix
            if FileManager.default.fileExists(atPath: companion), chmod(companion, 0o600) != 0 {
                throw RosterStoreError.cannotCreate(store: path, reason: "cannot make \(companion) private: \(String(cString: strerror(errno)))")
            }
        }
    }
}
