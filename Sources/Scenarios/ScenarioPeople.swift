import HotlineCore
import RosterStore

/// The people of a scenario run, read from a people CSV, with the training gate applied: given the
/// training courses and records, an agent whose pre-job training is not complete on the period's
/// first day is left out of the run (never on phone duty, neither in the baseline nor the surge).
public struct ScenarioPeople: Sendable {
    public var people: [Person]
    /// People with a `protected_status` (pregnant ≥ 7 months, nursing a child under 1).
    public var protectedPeople: Set<String>
    /// Agents left out: pre-job training not complete on the first day.
    public var notPhoneQualified: [String]

    /// Reads `peopleCSV`; with both training files, applies the training gate on `date`.
    public static func load(peopleCSV: String, trainingCourses: String?, trainingRecords: String?,
                            on date: CivilDate) throws -> ScenarioPeople {
        let table = try CSVTable.read(path: peopleCSV)
        let staff = try PeopleCSV.parse(table)
        let protected = Set(try PeopleCSV.parseDetails(table).filter { $0.value.protectedStatus != nil }.keys)
        guard trainingCourses != nil || trainingRecords != nil else {
            return ScenarioPeople(people: staff, protectedPeople: protected, notPhoneQualified: [])
        }
        guard let trainingCourses, let trainingRecords else {
            throw InputError(file: trainingCourses ?? trainingRecords ?? peopleCSV,
                             "the training gate needs both the courses and the records file (one was given)")
        }
        let store = try RosterStore.inMemory(actor: "scenario")
        _ = try store.importPeople(staff)
        _ = try store.importTrainingCourses(fromCSV: trainingCourses)
        _ = try store.importTrainingRecords(fromCSV: trainingRecords)
        let qualified = try store.phoneQualified(on: date)
        let left = staff.filter { $0.role == .agent && !qualified.contains($0.id) }.map(\.id)
        let leftSet = Set(left)
        return ScenarioPeople(people: staff.filter { !leftSet.contains($0.id) }, protectedPeople: protected,
                              notPhoneQualified: left.sorted())
    }
}
