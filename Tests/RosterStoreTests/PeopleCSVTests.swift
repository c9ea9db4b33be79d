import Foundation
import HotlineCore
import Testing
@testable import RosterStore

@Suite("People CSV")
struct PeopleCSVTests {
    @Test("Reads every column; skills split on ';'; personal data kept")
    func reads() throws {
        let path = try Fixtures.write(Fixtures.csv(Fixtures.rows))
        let people = try PeopleCSV.read(path: path)
        #expect(people.count == 8)
        let first = people[0]
        #expect(first.id == "P001")
        #expect(first.name == "王芳")
        #expect(first.role == .agent)
        #expect(first.skills == ["phone", "wechat"])
        #expect(first.hiredOn == Fixtures.date("2024-03-01"))
        #expect(first.contractHoursPerWeek == 40)
        #expect(first.nationalID == "110101199003070019")
        #expect(first.phone == "13800138000")
        #expect(people[2].skills == ["tickets", "sms"])
        #expect(people[2].nationalID == nil && people[2].phone == nil)
        #expect(people[5].skills.isEmpty)
    }

    @Test("Optional personal-data columns may be absent; columns in any order")
    func optionalColumns() throws {
        let text = "name,person_id,contract_hours_per_week,hired_on,skills,role\n王芳,P001,40,2024-03-01,phone,agent\n"
        let people = try PeopleCSV.read(path: try Fixtures.write(text))
        #expect(people == [Person(id: "P001", name: "王芳", role: .agent, skills: ["phone"],
                                  hiredOn: Fixtures.date("2024-03-01"), contractHoursPerWeek: 40)])
    }

    /// Replaces row `index` (0-based, so line index + 2) and returns the error of reading it.
    func error(replacing index: Int, with row: String, header: String = Fixtures.header) throws -> InputError {
        var rows = Fixtures.rows
        rows[index] = row
        let path = try Fixtures.write(Fixtures.csv(rows, header: header))
        do {
            _ = try PeopleCSV.read(path: path)
        } catch let rejected as ImportRejected {
            #expect(rejected.errors.count == 1)
            let error = rejected.errors[0]
            #expect(error.file == path)
            #expect(rejected.description == error.description + " (nothing was imported)")
            return error
        }
        Issue.record("no error for \(row)")
        return InputError(file: "", "")
    }

    @Test("Each bad row names file, line and field", arguments: [
        (",王芳,agent,phone,2024-03-01,40,,", "person_id", "empty"),
        ("P009,,agent,phone,2024-03-01,40,,", "name", "empty"),
        ("P009,王芳,pilot,phone,2024-03-01,40,,", "role", "agent, backoffice, supervisor, manager, trainer, qa, analyst"),
        ("P009,王芳,agent,phone,2024/03/01,40,,", "hired_on", "YYYY-MM-DD"),
        ("P009,王芳,agent,phone,2024-02-30,40,,", "hired_on", "YYYY-MM-DD"),
        ("P009,王芳,agent,phone,2024-03-01,0,,", "contract_hours_per_week", "(0, 60]"),
        ("P009,王芳,agent,phone,2024-03-01,61,,", "contract_hours_per_week", "(0, 60]"),
        ("P009,王芳,agent,phone,2024-03-01,forty,,", "contract_hours_per_week", "number"),
        ("P009,王芳,agent,phone,2024-03-01,,,", "contract_hours_per_week", "empty"),
    ])
    func badRow(row: String, field: String, expected: String) throws {
        let e = try error(replacing: 5, with: row)  // line 7
        #expect(e.line == 7)
        #expect(e.field == field)
        #expect(e.message.contains(expected), "\(e)")
        #expect(e.description.contains(":7: field '\(field)'"))
    }

    @Test("A missing column names the column and the expected header")
    func missingColumn() throws {
        let header = "person_id,name,role,skills,contract_hours_per_week"
        let path = try Fixtures.write(header + "\nP001,王芳,agent,phone,40\n")
        do {
            _ = try PeopleCSV.read(path: path)
            Issue.record("expected an error")
        } catch let e as InputError {
            #expect(e.line == 1)
            #expect(e.field == "hired_on")
            #expect(e.message.contains("person_id,name,role,skills,hired_on,contract_hours_per_week"))
        }
    }

    @Test("A duplicate person_id names both lines")
    func duplicate() throws {
        let e = try error(replacing: 5, with: "P002,李强二,agent,phone,2023-07-15,40,,")
        #expect(e.line == 7)
        #expect(e.field == "person_id")
        #expect(e.message.contains("lines 3 and 7"))
        #expect(e.message.contains("P002"))
    }

    @Test("Bad national IDs and phones are reported masked, never raw", arguments: [
        ("P009,王芳,agent,phone,2024-03-01,40,11010119900307001,", "national_id", "11010119900307001"),
        ("P009,王芳,agent,phone,2024-03-01,40,11010119900307001Y,", "national_id", "11010119900307001Y"),
        ("P009,王芳,agent,phone,2024-03-01,40,1101011990030700190,", "national_id", "1101011990030700190"),
        ("P009,王芳,agent,phone,2024-03-01,40,,23800138000", "phone", "23800138000"),
        ("P009,王芳,agent,phone,2024-03-01,40,,1380013800", "phone", "1380013800"),
        ("P009,王芳,agent,phone,2024-03-01,40,,1380013800a", "phone", "1380013800a"),
    ])
    func maskedPersonalData(row: String, field: String, raw: String) throws {
        let e = try error(replacing: 5, with: row)
        #expect(e.line == 7)
        #expect(e.field == field)
        #expect(!e.description.contains(raw), "raw personal data in: \(e)")
        #expect(e.description.contains(PersonalData.mask(raw)))
    }

    @Test("A lowercase x check digit is accepted and stored as X")
    func lowercaseX() throws {
        let people = try PeopleCSV.read(path: try Fixtures.write(Fixtures.csv(["P1,A,agent,,2024-01-01,40,11010119850512002x,"])))
        #expect(people[0].nationalID == "11010119850512002X")
    }

    @Test("Person.description masks national ID and phone")
    func descriptionMasks() throws {
        let people = try PeopleCSV.read(path: try Fixtures.write(Fixtures.csv(Fixtures.rows)))
        let text = people[0].description
        #expect(!text.contains("110101199003070019"))
        #expect(!text.contains("13800138000"))
        #expect(text.contains(PersonalData.mask("110101199003070019")))
        #expect(text.contains(PersonalData.mask("13800138000")))
    }

    @Test("Every bad row is listed, not only the first")
    func everyBadRow() throws {
        var rows = Fixtures.rows
        rows[1] = "P002,李强,pilot,phone,2023-07-15,40,,"
        rows[4] = "P005,陈静,agent,phone,2025-02-30,32,,"
        rows[6] = "P007,赵敏,trainer,training,2019-11-11,40,12345,"
        let path = try Fixtures.write(Fixtures.csv(rows))
        do {
            _ = try PeopleCSV.read(path: path)
            Issue.record("expected a rejection")
        } catch let e as ImportRejected {
            #expect(e.errors.map(\.line) == [3, 6, 8])
            #expect(e.errors.map(\.field) == ["role", "hired_on", "national_id"])
            #expect(e.description.hasPrefix("\(path): 3 bad lines; nothing was imported\n"))
        }
    }
}
