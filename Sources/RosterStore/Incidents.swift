import Foundation
import GRDB
import HotlineCore

/// What an incident is about (incidents CSV `kind`).
public enum IncidentKind: String, Sendable, Codable, CaseIterable {
    /// A citizen complaint (市民投诉).
    case complaint
    /// A breach of labour discipline or rules.
    case discipline
    /// Dereliction of duty (失职).
    case dereliction
    /// A leak of confidential or personal information.
    case confidentiality
    /// A health problem.
    case health
}

/// One incident. `note` may hold citizen details: stored, never printed or put in errors.
public struct Incident: Sendable, Hashable {
    public var id: Int
    public var personId: String
    public var date: CivilDate
    public var kind: IncidentKind
    public var verified: Bool
    public var liable: Bool
    /// Serious discipline or dereliction; for health: unable to work.
    public var serious: Bool
    public var note: String

    public init(id: Int = 0, personId: String, date: CivilDate, kind: IncidentKind, verified: Bool, liable: Bool,
                serious: Bool = false, note: String = "") {
        self.id = id
        self.personId = personId
        self.date = date
        self.kind = kind
        self.verified = verified
        self.liable = liable
        self.serious = serious
        self.note = note
    }
}

/// Reads the incidents CSV of DESIGN.md: `person_id,date,kind,verified,liable,note`, plus an
/// optional `serious` column (serious discipline or dereliction; for health, unable to work).
/// Booleans: true/false, yes/no, 1/0, 是/否. Any bad line rejects the file with every bad line
/// listed; the note never appears in a message.
public enum IncidentsCSV {
    public static let columns = ["person_id", "date", "kind", "verified", "liable", "note"]

    public static func read(path: String, knownPeople: Set<String>? = nil) throws -> [Incident] {
        try parse(try CSVTable.read(path: path), knownPeople: knownPeople)
    }

    static func bool(_ row: CSVTable.Cursor, _ index: Int?, default value: Bool? = nil) throws -> Bool {
        let t = row.text(index).lowercased()
        switch t {
        case "true", "yes", "y", "1", "是": return true
        case "false", "no", "n", "0", "否": return false
        case "" where value != nil: return value!
        default: throw row.error(index, t.isEmpty ? "is empty; expected true or false" : "expected true or false, got '\(t)'")
        }
    }

    public static func parse(_ table: CSVTable, knownPeople: Set<String>? = nil) throws -> [Incident] {
        let id = try table.requireColumn("person_id", expected: columns)
        let date = try table.requireColumn("date", expected: columns)
        let kind = try table.requireColumn("kind", expected: columns)
        let verified = try table.requireColumn("verified", expected: columns)
        let liable = try table.requireColumn("liable", expected: columns)
        let note = try table.requireColumn("note", expected: columns)
        let serious = table.columnIndex("serious")
        var out: [Incident] = []
        var errors: [InputError] = []
        for row in table.cursors {
            do {
                let person = try row.requiredText(id)
                if let knownPeople, !knownPeople.contains(person) {
                    throw row.error(id, "unknown person_id '\(person)'; import the people file first (roster people import)")
                }
                let d = try row.date(date)
                let kindText = try row.requiredText(kind).lowercased()
                guard let k = IncidentKind(rawValue: kindText) else {
                    throw row.error(kind, "unknown kind '\(kindText)'; expected one of \(IncidentKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                out.append(Incident(personId: person, date: d, kind: k, verified: try bool(row, verified),
                                    liable: try bool(row, liable), serious: try bool(row, serious, default: false),
                                    note: row.text(note)))
            } catch let e as InputError {
                errors.append(e)
            }
        }
        guard errors.isEmpty else { throw ImportRejected(file: table.file, errors: errors) }
        return out
    }
}

/// Why the contract lets the client demand a replacement.
public enum ReplacementTrigger: String, Sendable, Codable, CaseIterable {
    /// ≥ threshold verified, liable citizen complaints within one contract year.
    case complaints
    /// Any verified confidentiality breach.
    case confidentiality
    /// A verified serious breach of discipline.
    case discipline
    /// Verified serious dereliction.
    case dereliction
    /// A verified health incident leaving the person unable to work.
    case health
}

/// The incident behind a trigger (no note: it may hold citizen details).
public struct TriggerEvidence: Sendable, Hashable, Codable {
    public var incidentId: Int
    public var date: CivilDate
    public var kind: IncidentKind
    public var verified: Bool
    public var liable: Bool
    public var serious: Bool
}

/// A replacement trigger that fired.
public struct FiredTrigger: Sendable, Hashable, Codable {
    public var personId: String
    public var trigger: ReplacementTrigger
    /// Stable id: `complaints@2026` (contract year starting in 2026) or `confidentiality#12` (incident id).
    public var triggerId: String
    /// The day the trigger fired (the threshold-th complaint, or the incident).
    public var firedOn: CivilDate
    public var evidence: [TriggerEvidence]
}

/// The contract's replacement conditions applied to incidents.
public enum ReplacementRules {
    /// The first year of the contract year holding `date`.
    public static func contractYear(of date: CivilDate, rules: CenterProfile.Replacement) -> Int {
        let (m, d) = rules.contractYearStartMonthDay ?? (1, 1)
        return (date.month, date.day) >= (m, d) ? date.year : date.year - 1
    }

    /// Every trigger `incidents` fire under `rules`, in date order.
    public static func evaluate(_ incidents: [Incident], rules: CenterProfile.Replacement) -> [FiredTrigger] {
        func evidence(_ i: Incident) -> TriggerEvidence {
            TriggerEvidence(incidentId: i.id, date: i.date, kind: i.kind, verified: i.verified, liable: i.liable, serious: i.serious)
        }
        var fired: [FiredTrigger] = []
        let sorted = incidents.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
        // Complaints: count verified, liable ones per person and contract year.
        var complaints: [String: [Int: [Incident]]] = [:]
        for i in sorted where i.kind == .complaint && i.verified && i.liable {
            complaints[i.personId, default: [:]][contractYear(of: i.date, rules: rules), default: []].append(i)
        }
        for (person, years) in complaints {
            for (year, list) in years where list.count >= rules.complaintThreshold {
                fired.append(FiredTrigger(personId: person, trigger: .complaints, triggerId: "complaints@\(year)",
                                          firedOn: list[rules.complaintThreshold - 1].date, evidence: list.map(evidence)))
            }
        }
        for i in sorted where i.verified {
            let trigger: ReplacementTrigger?
            switch i.kind {
            case .complaint: trigger = nil
            case .confidentiality: trigger = rules.confidentiality ? .confidentiality : nil
            case .discipline: trigger = rules.seriousDiscipline && i.serious ? .discipline : nil
            case .dereliction: trigger = rules.seriousDereliction && i.serious ? .dereliction : nil
            case .health: trigger = rules.health && i.serious ? .health : nil
            }
            if let trigger {
                fired.append(FiredTrigger(personId: i.personId, trigger: trigger, triggerId: "\(trigger.rawValue)#\(i.id)",
                                          firedOn: i.date, evidence: [evidence(i)]))
            }
        }
        return fired.sorted { ($0.firedOn, $0.personId, $0.triggerId) < ($1.firedOn, $1.personId, $1.triggerId) }
    }
}

/// An open trigger, as `roster replacements` lists it.
public struct OpenTrigger: Sendable, Hashable, Codable {
    public var personId: String
    public var name: String
    public var role: Role
    public var trigger: ReplacementTrigger
    public var triggerId: String
    public var firedOn: CivilDate
    public var evidence: [TriggerEvidence]
    /// Labour-law protection HR must weigh before acting (e.g. pregnant), if any.
    public var protectedStatus: ProtectedStatus?
}

/// A closed replacement: the trigger, the successor and the day the replaced person stopped.
public struct Replacement: Sendable, Hashable, Codable {
    public enum Decision: String, Sendable, Codable { case replaced, waived }
    public var personId: String
    public var trigger: ReplacementTrigger
    public var triggerId: String
    public var openedOn: CivilDate
    public var closedOn: CivilDate
    /// First day the replaced person is no longer rostered.
    public var effectiveOn: CivilDate
    public var successorId: String?
    public var decision: Decision
    public var reason: String
}

/// Why a person left (separation). Civil-service and public-institution posts do not count for turnover.
public enum SeparationReason: String, Sendable, Codable, CaseIterable {
    case resigned, dismissed, replaced
    case contractEnd = "contract_end"
    case civilService = "civil_service"
    case publicInstitution = "public_institution"
    case other

    public var countsForTurnover: Bool { self != .civilService && self != .publicInstitution }
}

public struct Separation: Sendable, Hashable, Codable {
    public var personId: String
    /// First day the person no longer works at the center.
    public var date: CivilDate
    public var reason: SeparationReason
    public var countsForTurnover: Bool
}

public struct LeaveRecord: Sendable, Hashable, Codable {
    public var personId: String
    public var kind: String
    public var firstDay: CivilDate
    public var lastDay: CivilDate
}

extension RosterStore {
    // MARK: Incidents

    /// Imports the incidents CSV all-or-nothing (every person must be in the store). The same
    /// incident (person, date, kind, note) imported twice is stored once. Returns how many were new.
    @discardableResult
    public func importIncidents(fromCSV path: String) throws -> (rows: Int, inserted: Int) {
        let incidents = try IncidentsCSV.read(path: path, knownPeople: try personIDs())
        return try importIncidents(incidents, source: URL(fileURLWithPath: path).lastPathComponent)
    }

    @discardableResult
    public func importIncidents(_ incidents: [Incident], source: String = "api") throws -> (rows: Int, inserted: Int) {
        try writeTransaction { db in
            let insert = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO incidents(person_id, date, kind, verified, liable, serious, note) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            var inserted = 0
            for i in incidents {
                try insert.execute(arguments: [i.personId, i.date.description, i.kind.rawValue, i.verified, i.liable, i.serious, i.note])
                if db.changesCount > 0 {
                    inserted += 1
                    try audit(db, "insert", "incident", String(db.lastInsertedRowID),
                              "person=\(i.personId) date=\(i.date) kind=\(i.kind.rawValue) verified=\(i.verified) liable=\(i.liable) serious=\(i.serious) source=\(source)")
                }
            }
            return (incidents.count, inserted)
        }
    }

    /// Incidents (with notes: callers must not print them), by date.
    public func incidents(personId: String? = nil) throws -> [Incident] {
        try writer.read { db in try RosterStore.fetchIncidents(db, personId: personId) }
    }

    static func fetchIncidents(_ db: Database, personId: String? = nil) throws -> [Incident] {
        var sql = "SELECT id, person_id, date, kind, verified, liable, serious, note FROM incidents"
        var args: StatementArguments = []
        if let personId { sql += " WHERE person_id = ?"; args = [personId] }
        return try Row.fetchAll(db, sql: sql + " ORDER BY date, id", arguments: args).map { r in
            guard let d = CivilDate.parse(r["date"] as String), let k = IncidentKind(rawValue: r["kind"]) else {
                throw RosterStoreError.corrupt("incident \(r["id"] as Int) has a bad date or kind")
            }
            return Incident(id: r["id"], personId: r["person_id"], date: d, kind: k, verified: r["verified"], liable: r["liable"],
                            serious: r["serious"], note: r["note"])
        }
    }

    /// Marks an incident verified (or not) and liable (or not) after investigation.
    public func updateIncident(id: Int, verified: Bool, liable: Bool, serious: Bool? = nil) throws {
        try writeTransaction { db in
            try db.execute(sql: "UPDATE incidents SET verified = ?, liable = ?, serious = COALESCE(?, serious) WHERE id = ?",
                           arguments: [verified, liable, serious, id])
            guard db.changesCount == 1 else { throw RosterStoreError.invalid("no incident with id \(id)") }
            try audit(db, "update", "incident", String(id), "verified=\(verified) liable=\(liable) serious=\(serious.map(String.init) ?? "unchanged")")
        }
    }

    // MARK: Replacements

    /// Triggers that fired and are not yet closed (replaced or waived), for people still working.
    public func openTriggers(rules: CenterProfile.Replacement = .contractDefaults) throws -> [OpenTrigger] {
        try writer.read { db in
            let people = Dictionary(uniqueKeysWithValues: try PersonRecord.fetchAll(db).map { ($0.personId, $0) })
            let status = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT person_id, protected_status FROM people").map {
                ($0["person_id"] as String, ProtectedStatus(rawValue: $0["protected_status"] as String))
            })
            let closed = Set(try Row.fetchAll(db, sql: "SELECT person_id, trigger_id FROM replacements").map { "\($0["person_id"] as String)|\($0["trigger_id"] as String)" })
            let gone = Set(try String.fetchAll(db, sql: "SELECT person_id FROM replacements WHERE decision = 'replaced' UNION SELECT person_id FROM separations"))
            return try ReplacementRules.evaluate(RosterStore.fetchIncidents(db), rules: rules).compactMap { f in
                guard !gone.contains(f.personId), !closed.contains("\(f.personId)|\(f.triggerId)"), let p = people[f.personId] else { return nil }
                return OpenTrigger(personId: f.personId, name: p.name, role: Role(rawValue: p.role) ?? .agent, trigger: f.trigger,
                                   triggerId: f.triggerId, firedOn: f.firedOn, evidence: f.evidence, protectedStatus: status[f.personId] ?? nil)
            }
        }
    }

    /// Closes an open trigger by replacing the person: from `effectiveOn` they are no longer
    /// rostered (`rosterablePeople(on:)`), and `successorId` takes their place.
    public func closeReplacement(personId: String, triggerId: String, successorId: String, effectiveOn: CivilDate,
                                 closedOn: CivilDate? = nil, rules: CenterProfile.Replacement = .contractDefaults) throws {
        guard successorId != personId else { throw RosterStoreError.invalid("a person cannot succeed themselves ('\(personId)')") }
        try close(personId: personId, triggerId: triggerId, decision: .replaced, successorId: successorId, effectiveOn: effectiveOn,
                  closedOn: closedOn ?? effectiveOn, reason: "", rules: rules)
    }

    /// Closes an open trigger without replacing the person (the client waived it), with the reason.
    public func waiveTrigger(personId: String, triggerId: String, reason: String, on date: CivilDate,
                             rules: CenterProfile.Replacement = .contractDefaults) throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw RosterStoreError.invalid("waiving a trigger needs a reason") }
        try close(personId: personId, triggerId: triggerId, decision: .waived, successorId: nil, effectiveOn: date, closedOn: date,
                  reason: reason, rules: rules)
    }

    private func close(personId: String, triggerId: String, decision: Replacement.Decision, successorId: String?, effectiveOn: CivilDate,
                       closedOn: CivilDate, reason: String, rules: CenterProfile.Replacement) throws {
        guard let open = try openTriggers(rules: rules).first(where: { $0.personId == personId && $0.triggerId == triggerId }) else {
            throw RosterStoreError.invalid("no open replacement trigger '\(triggerId)' for '\(personId)'; `roster replacements` lists the open ones")
        }
        guard effectiveOn >= open.firedOn else {
            throw RosterStoreError.invalid("the replacement date \(effectiveOn) is before the trigger fired (\(open.firedOn))")
        }
        try writeTransaction { db in
            if let successorId {
                guard try PersonRecord.exists(db, key: successorId) else {
                    throw RosterStoreError.invalid("successor '\(successorId)' is not in the store; import them first (roster people import)")
                }
                let goneSuccessor = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS(SELECT 1 FROM replacements WHERE person_id = ? AND decision = 'replaced') OR EXISTS(SELECT 1 FROM separations WHERE person_id = ?)
                    """, arguments: [successorId, successorId]) ?? false
                guard !goneSuccessor else { throw RosterStoreError.invalid("successor '\(successorId)' has been replaced or has left") }
            }
            try db.execute(sql: """
                INSERT INTO replacements(person_id, trigger, trigger_id, opened_on, closed_on, effective_on, successor_id, decision, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [personId, open.trigger.rawValue, triggerId, open.firedOn.description, closedOn.description,
                                 effectiveOn.description, successorId, decision.rawValue, reason])
            try audit(db, decision == .replaced ? "replace" : "waive", "replacement", "\(personId)|\(triggerId)",
                      "successor=\(successorId ?? "-") effective_on=\(effectiveOn)")
        }
    }

    /// Closed replacements (replaced or waived), by closing date.
    public func replacements() throws -> [Replacement] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM replacements ORDER BY closed_on, id").map { r in
                guard let t = ReplacementTrigger(rawValue: r["trigger"]), let o = CivilDate.parse(r["opened_on"] as String),
                      let c = CivilDate.parse(r["closed_on"] as String), let e = CivilDate.parse(r["effective_on"] as String),
                      let d = Replacement.Decision(rawValue: r["decision"]) else {
                    throw RosterStoreError.corrupt("replacement \(r["id"] as Int) does not decode")
                }
                return Replacement(personId: r["person_id"], trigger: t, triggerId: r["trigger_id"], openedOn: o, closedOn: c,
                                   effectiveOn: e, successorId: r["successor_id"], decision: d, reason: r["reason"])
            }
        }
    }

    // MARK: Separations and leave

    /// Records that `personId` left; `date` is their first day no longer working. Counts for
    /// turnover unless the reason is a civil-service or public-institution post (or `counts` says otherwise).
    public func recordSeparation(personId: String, date: CivilDate, reason: SeparationReason, countsForTurnover counts: Bool? = nil) throws {
        try writeTransaction { db in
            guard let p = try PersonRecord.fetchOne(db, key: personId) else {
                throw RosterStoreError.invalid("no person '\(personId)' in the store")
            }
            if let hired = CivilDate.parse(p.hiredOn), date <= hired {
                throw RosterStoreError.invalid("separation date \(date) of '\(personId)' is not after their hire date \(hired)")
            }
            let c = counts ?? reason.countsForTurnover
            try db.execute(sql: "INSERT INTO separations(person_id, date, reason, counts_for_turnover) VALUES (?, ?, ?, ?) ON CONFLICT(person_id) DO UPDATE SET date = excluded.date, reason = excluded.reason, counts_for_turnover = excluded.counts_for_turnover",
                           arguments: [personId, date.description, reason.rawValue, c])
            try audit(db, "separate", "person", personId, "date=\(date) reason=\(reason.rawValue) counts=\(c)")
        }
    }

    public func separations() throws -> [Separation] {
        try writer.read { db in try RosterStore.fetchSeparations(db) }
    }

    static func fetchSeparations(_ db: Database) throws -> [Separation] {
        try Row.fetchAll(db, sql: "SELECT * FROM separations ORDER BY date, person_id").map { r in
            guard let d = CivilDate.parse(r["date"] as String), let reason = SeparationReason(rawValue: r["reason"]) else {
                throw RosterStoreError.corrupt("separation of '\(r["person_id"] as String)' does not decode")
            }
            return Separation(personId: r["person_id"], date: d, reason: reason, countsForTurnover: r["counts_for_turnover"])
        }
    }

    /// Records leave (`kind` e.g. annual, sick, maternity) from `firstDay` through `lastDay`.
    public func addLeave(personId: String, kind: String, firstDay: CivilDate, lastDay: CivilDate) throws {
        guard lastDay >= firstDay else { throw RosterStoreError.invalid("leave of '\(personId)' ends (\(lastDay)) before it starts (\(firstDay))") }
        try writeTransaction { db in
            guard try PersonRecord.exists(db, key: personId) else { throw RosterStoreError.invalid("no person '\(personId)' in the store") }
            try db.execute(sql: "INSERT INTO leave(person_id, kind, first_day, last_day) VALUES (?, ?, ?, ?)",
                           arguments: [personId, kind, firstDay.description, lastDay.description])
            try audit(db, "insert", "leave", personId, "kind=\(kind) \(firstDay)…\(lastDay)")
        }
    }

    /// The ids of people on leave on `date`.
    public func onLeave(on date: CivilDate) throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT person_id FROM leave WHERE first_day <= ? AND last_day >= ?",
                                    arguments: [date.description, date.description]))
        }
    }

    // MARK: Roster-engine queries

    /// People who may be rostered on `date`: hired on or before it, not separated (separation
    /// date on or before it) and not replaced (replacement effective on or before it). Leave is
    /// separate (`onLeave(on:)`). Sorted by id.
    public func rosterablePeople(on date: CivilDate) throws -> [Person] {
        let d = date.description
        return try writer.read { db in
            try PersonRecord.fetchAll(db, sql: """
                SELECT * FROM people WHERE hired_on <= ?
                AND person_id NOT IN (SELECT person_id FROM separations WHERE date <= ?)
                AND person_id NOT IN (SELECT person_id FROM replacements WHERE decision = 'replaced' AND effective_on <= ?)
                ORDER BY person_id
                """, arguments: [d, d, d]).map { try $0.person() }
        }
    }

    /// Contract and protected status of everyone, by person id.
    public func allDetails() throws -> [String: PersonDetails] {
        try writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT person_id, contract, protected_status FROM people").map {
                ($0["person_id"] as String, PersonDetails(contract: $0["contract"], protectedStatus: ProtectedStatus(rawValue: $0["protected_status"])))
            })
        }
    }

    /// The contract and protected status of a person.
    public func details(personId: String) throws -> PersonDetails? {
        try writer.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT contract, protected_status FROM people WHERE person_id = ?", arguments: [personId]) else { return nil }
            return PersonDetails(contract: r["contract"], protectedStatus: ProtectedStatus(rawValue: r["protected_status"]))
        }
    }
}
