/// What a person does at the center (DESIGN.md, people CSV).
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Phone call taker (前台接听), seat-bound.
    case agent
    /// Back-office ticket handler (后台处理).
    case backoffice
    /// On-site shift lead (班组长).
    case supervisor
    /// Project manager (项目经理).
    case manager
    case trainer
    case qa
    case analyst

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Name in Simplified Chinese, for documents meant for people.
    public var chineseName: String {
        switch self {
        case .agent: "话务员"
        case .backoffice: "工单处理"
        case .supervisor: "班组长"
        case .manager: "项目经理"
        case .trainer: "培训师"
        case .qa: "质检"
        case .analyst: "数据分析"
        }
    }
}

/// A member of staff. `nationalID` and `phone` are personal data: stored, never printed unmasked
/// (`description` masks them).
public struct Person: Hashable, Sendable, Codable, CustomStringConvertible {
    public var id: String
    public var name: String
    public var role: Role
    public var skills: [String]
    public var hiredOn: CivilDate
    public var contractHoursPerWeek: Double
    public var nationalID: String?
    public var phone: String?

    public init(id: String, name: String, role: Role, skills: [String] = [], hiredOn: CivilDate,
                contractHoursPerWeek: Double = 40, nationalID: String? = nil, phone: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.skills = skills
        self.hiredOn = hiredOn
        self.contractHoursPerWeek = contractHoursPerWeek
        self.nationalID = nationalID
        self.phone = phone
    }

    public var description: String {
        var s = "\(id) \(name) (\(role.rawValue))"
        if let nationalID { s += " id=\(PersonalData.mask(nationalID))" }
        if let phone { s += " phone=\(PersonalData.mask(phone))" }
        return s
    }
}

/// One shift worked by one person: a row of the roster CSV. `date` is the day the shift starts.
public struct ShiftAssignment: Hashable, Sendable, Codable {
    public var personId: String
    public var name: String
    public var role: Role
    public var date: CivilDate
    public var start: LocalDateTime
    public var end: LocalDateTime
    /// Shift name, e.g. `早班 08:00-16:00`.
    public var shift: String

    public init(personId: String, name: String, role: Role, date: CivilDate, start: LocalDateTime,
                end: LocalDateTime, shift: String) {
        self.personId = personId
        self.name = name
        self.role = role
        self.date = date
        self.start = start
        self.end = end
        self.shift = shift
    }

    public var durationSeconds: Int { end.seconds - start.seconds }

    /// Whether the person is on shift at any moment of [from, to).
    public func overlaps(from: LocalDateTime, to: LocalDateTime) -> Bool {
        start < to && from < end
    }
}
