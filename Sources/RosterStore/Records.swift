import Foundation
import GRDB
import HotlineCore

/// A row of `people` (migration "v1-people").
struct PersonRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "people"

    var personId: String
    var name: String
    var role: String
    /// `;`-joined.
    var skills: String
    /// `YYYY-MM-DD`.
    var hiredOn: String
    var contractHoursPerWeek: Double
    var nationalId: String?
    var phone: String?

    enum CodingKeys: String, CodingKey {
        case personId = "person_id", name, role, skills, hiredOn = "hired_on"
        case contractHoursPerWeek = "contract_hours_per_week", nationalId = "national_id", phone
    }

    init(_ p: Person) {
        personId = p.id
        name = p.name
        role = p.role.rawValue
        skills = p.skills.joined(separator: ";")
        hiredOn = p.hiredOn.description
        contractHoursPerWeek = p.contractHoursPerWeek
        nationalId = p.nationalID
        phone = p.phone
    }

    func person() throws -> Person {
        guard let r = Role(rawValue: role) else {
            throw RosterStoreError.corrupt("person '\(personId)' has unknown role '\(role)'")
        }
        guard let d = CivilDate.parse(hiredOn) else {
            throw RosterStoreError.corrupt("person '\(personId)' has a bad hired_on '\(hiredOn)'")
        }
        return Person(id: personId, name: name, role: r, skills: PeopleCSV.splitSkills(skills), hiredOn: d,
                      contractHoursPerWeek: contractHoursPerWeek, nationalID: nationalId, phone: phone)
    }
}

/// A row of `roster_version_shifts` (migration "v2-hr"; "v1-rosters" before): one shift of a
/// published version of a week.
struct ShiftRecord: Codable, FetchableRecord {

    var weekStart: String
    var personId: String
    var name: String
    var role: String
    /// `YYYY-MM-DD`, the day the shift starts.
    var date: String
    /// Seconds since 1970-01-01T00:00 local (sortable); `startText`/`endText` keep them readable.
    var startSeconds: Int
    var endSeconds: Int
    var startText: String
    var endText: String
    var shift: String

    enum CodingKeys: String, CodingKey {
        case weekStart = "week_start", personId = "person_id", name, role, date
        case startSeconds = "start_seconds", endSeconds = "end_seconds", startText = "start", endText = "end", shift
    }

    init(weekStart: CivilDate, _ s: ShiftAssignment) {
        self.weekStart = weekStart.description
        personId = s.personId
        name = s.name
        role = s.role.rawValue
        date = s.date.description
        startSeconds = s.start.seconds
        endSeconds = s.end.seconds
        startText = s.start.description
        endText = s.end.description
        shift = s.shift
    }

    func assignment() throws -> ShiftAssignment {
        guard let r = Role(rawValue: role) else {
            throw RosterStoreError.corrupt("shift of '\(personId)' on \(date) has unknown role '\(role)'")
        }
        guard let d = CivilDate.parse(date) else {
            throw RosterStoreError.corrupt("shift of '\(personId)' has a bad date '\(date)'")
        }
        return ShiftAssignment(personId: personId, name: name, role: r, date: d,
                               start: LocalDateTime(seconds: startSeconds), end: LocalDateTime(seconds: endSeconds),
                               shift: shift)
    }
}

/// One published version of a week's roster.
public struct RosterVersion: Sendable, Hashable, Codable {
    public var weekStart: CivilDate
    public var version: Int
    /// UTC ISO 8601 (empty for versions published before versioning).
    public var publishedAt: String
    public var actor: String
    public var reason: String
    public var shiftCount: Int
}

/// Labour-law protections that matter to HR decisions (Labour Contract Law art. 42, Labour Law
/// art. 61–63): stored with the person, shown to HR with every replacement trigger.
public enum ProtectedStatus: String, Sendable, Codable, CaseIterable {
    case pregnant
    case nursing
    case medicalPeriod = "medical_period"
    case workInjury = "work_injury"
    case occupationalDisease = "occupational_disease"
    case nearRetirement = "near_retirement"
}

/// What the people CSV may add beyond `Person`: the contract and the protected status.
public struct PersonDetails: Sendable, Hashable, Codable {
    /// Contract type or number, free text (e.g. `labour-dispatch 2026-001`).
    public var contract: String
    public var protectedStatus: ProtectedStatus?

    public init(contract: String = "", protectedStatus: ProtectedStatus? = nil) {
        self.contract = contract
        self.protectedStatus = protectedStatus
    }
}
