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
    let writer: any DatabaseWriter
    /// Who makes the changes (written to the audit log): `ROSTER_ACTOR`, else the login name.
    public let actor: String
    /// The file, or nil in memory.
    public let path: String?

    /// The login name of the person running the process (`ROSTER_ACTOR`, `USER`, `LOGNAME`, else the uid's name).
    public static var defaultActor: String {
        let env = ProcessInfo.processInfo.environment
        if let name = env["ROSTER_ACTOR"] ?? env["USER"] ?? env["LOGNAME"], !name.isEmpty { return name }
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }

    /// Opens (creating if needed) the store at `path`. The directory must exist.
    public init(path: String) throws {
        try self.init(path: path, actor: RosterStore.defaultActor)
    }

    /// Opens (creating if needed) the store at `path`; changes are audited as made by `actor`.
    public init(path: String, actor: String) throws {
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
        self.actor = actor
        self.path = path
        try RosterStore.migrator.migrate(pool)
        try RosterStore.protectCompanionFiles(path)
    }

    private init(writer: any DatabaseWriter, actor: String) throws {
        self.writer = writer
        self.actor = actor
        self.path = nil
        try RosterStore.migrator.migrate(writer)
    }

    private init(sharing other: RosterStore, actor: String) {
        writer = other.writer
        path = other.path
        self.actor = actor
    }

    /// The same store (same connection), with changes audited as made by `actor` (a signed-in
    /// user of the web application, or `--by NAME`).
    public func acting(as actor: String) -> RosterStore {
        RosterStore(sharing: self, actor: actor)
    }

    /// A store in memory (a `DatabaseQueue`), for tests and dry runs.
    public static func inMemory(actor: String = "test") throws -> RosterStore {
        var config = Configuration()
        config.foreignKeysEnabled = true
        return try RosterStore(writer: DatabaseQueue(configuration: config), actor: actor)
    }

    /// Runs `body` in one IMMEDIATE transaction: the write lock is taken at the start, so two
    /// processes writing at once wait for each other (busy timeout) instead of failing half-way.
    func writeTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                try ChangeStampSchema.bump(db)
                return .commit
            }
            return result!
        }
    }

    /// Appends one line to the audit log (no personal data in `detail`).
    func audit(_ db: Database, _ action: String, _ entity: String, _ entityId: String, _ detail: String = "") throws {
        try db.execute(sql: "INSERT INTO audit_log(at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [RosterStore.timestamp(), actor, action, entity, entityId, detail])
    }

    /// The current UTC time, ISO 8601.
    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }

    // MARK: - Schema

    /// Shipped migrations are never edited: change the schema with a new one.
    static var migrator: DatabaseMigrator {
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
        HRSchema.register(&migrator)
        CallHistorySchema.register(&migrator)
        RequestsSchema.register(&migrator)
        DraftsSchema.register(&migrator)
        AccountsSchema.register(&migrator)
        SwapsSchema.register(&migrator)
        ChangeStampSchema.register(&migrator)
        return migrator
    }

    // MARK: - People

    /// Reads and validates the whole people CSV, then upserts everyone by person_id in one
    /// transaction: a bad row anywhere leaves the store unchanged.
    /// The optional columns `contract` and `protected_status` are stored too.
    public func importPeople(fromCSV path: String) throws -> PeopleImportSummary {
        let table = try CSVTable.read(path: path)
        var errors: [InputError] = []
        var people: [Person] = [], details: [String: PersonDetails] = [:]
        do { people = try PeopleCSV.parse(table) } catch let e as ImportRejected { errors += e.errors }
        do { details = try PeopleCSV.parseDetails(table) } catch let e as ImportRejected { errors += e.errors }
        guard errors.isEmpty else {
            throw ImportRejected(file: table.file, errors: errors.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        return try importPeople(people, details: details)
    }

    /// Upserts `people` by id in one transaction; `details` (by person id) sets contract and
    /// protected status.
    public func importPeople(_ people: [Person], details: [String: PersonDetails] = [:]) throws -> PeopleImportSummary {
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
        return try writeTransaction { db in
            var summary = PeopleImportSummary(inserted: 0, updated: 0)
            for p in people {
                let exists = try PersonRecord.exists(db, key: p.id)
                if exists {
                    summary.updated += 1
                } else {
                    summary.inserted += 1
                }
                try PersonRecord(p).upsert(db)
                if let d = details[p.id] {
                    try db.execute(sql: "UPDATE people SET contract = ?, protected_status = ? WHERE person_id = ?",
                                   arguments: [d.contract, d.protectedStatus?.rawValue ?? "", p.id])
                }
                try audit(db, exists ? "update" : "insert", "person", p.id,
                          "role=\(p.role.rawValue) hired_on=\(p.hiredOn)")
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

    /// Publishes the roster of the week starting `weekStart` (7 days) as a new version, in one
    /// transaction; earlier versions stay as they were (a published week is never edited in place),
    /// and readers see the latest. Every shift must start on a day of that week and end after it
    /// starts. Returns the version number (1 for the first publication).
    @discardableResult
    public func publishRoster(weekStart: CivilDate, shifts: [ShiftAssignment], reason: String = "publish") throws -> Int {
        try Self.checkWeek(weekStart: weekStart, shifts: shifts, what: "published")
        return try writeTransaction { db in try insertVersion(db, weekStart: weekStart, shifts: shifts, reason: reason) }
    }

    /// Inserts the next version of the week (inside the caller's transaction), audited.
    func insertVersion(_ db: Database, weekStart: CivilDate, shifts: [ShiftAssignment], reason: String) throws -> Int {
        let week = weekStart.description
        let version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM roster_versions WHERE week_start = ?",
                                        arguments: [week]) ?? 0) + 1
        try db.execute(sql: "INSERT INTO roster_versions(week_start, version, published_at, actor, reason, shift_count) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [week, version, RosterStore.timestamp(), actor, reason, shifts.count])
        let insert = try db.makeStatement(sql: """
            INSERT INTO roster_version_shifts(week_start, version, person_id, name, role, date, start_seconds, end_seconds, start, end, shift)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for s in shifts {
            try insert.execute(arguments: [week, version, s.personId, s.name, s.role.rawValue, s.date.description,
                                           s.start.seconds, s.end.seconds, s.start.description, s.end.description, s.shift])
        }
        try audit(db, "publish", "roster", week, "version=\(version) shifts=\(shifts.count) reason=\(reason)")
        return version
    }

    /// The published versions of the week starting `weekStart`, oldest first.
    public func rosterVersions(weekStart: CivilDate) throws -> [RosterVersion] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT version, published_at, actor, reason, shift_count FROM roster_versions WHERE week_start = ? ORDER BY version",
                             arguments: [weekStart.description]).map {
                RosterVersion(weekStart: weekStart, version: $0["version"], publishedAt: $0["published_at"],
                              actor: $0["actor"], reason: $0["reason"], shiftCount: $0["shift_count"])
            }
        }
    }

    /// The shifts of one version of a week (the latest when `version` is nil).
    public func publishedShifts(weekStart: CivilDate, version: Int? = nil) throws -> [ShiftAssignment] {
        try writer.read { db in
            let week = weekStart.description
            guard let v = try version ?? Int.fetchOne(db, sql: "SELECT MAX(version) FROM roster_versions WHERE week_start = ?", arguments: [week]) else {
                return []
            }
            return try ShiftRecord.fetchAll(db, sql: """
                SELECT * FROM roster_version_shifts WHERE week_start = ? AND version = ?
                ORDER BY date, start_seconds, person_id
                """, arguments: [week, v]).map { try $0.assignment() }
        }
    }

    /// Published shifts whose date (the day they start) lies in from…through, sorted by date,
    /// start and person id.
    public func publishedShifts(from: CivilDate, through: CivilDate) throws -> [ShiftAssignment] {
        try writer.read { db in
            try ShiftRecord.fetchAll(db, sql: """
                SELECT s.* FROM roster_version_shifts s
                JOIN (SELECT week_start, MAX(version) AS version FROM roster_versions GROUP BY week_start) latest
                  ON latest.week_start = s.week_start AND latest.version = s.version
                WHERE s.date >= ? AND s.date <= ?
                ORDER BY s.date, s.start_seconds, s.person_id
                """, arguments: [from.description, through.description])
                .map { try $0.assignment() }
        }
    }

    /// The weeks with a published roster, in order.
    public func publishedWeeks() throws -> [CivilDate] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT week_start FROM roster_versions ORDER BY week_start")
                .compactMap { CivilDate.parse($0) }
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
