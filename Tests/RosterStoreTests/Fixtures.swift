import Foundation
import HotlineCore
import TestSupport

/// People CSV texts and helpers for the store tests.
enum Fixtures {
    static let header = "person_id,name,role,skills,hired_on,contract_hours_per_week,national_id,phone"

    /// Eight valid rows (lines 2…9). The personal data are made-up numbers.
    static let rows = [
        "P001,王芳,agent,phone;wechat,2024-03-01,40,110101199003070019,13800138000",
        "P002,李强,agent,phone,2023-07-15,40,11010119850512002X,13912345678",
        "P003,张伟,backoffice,tickets;sms,2022-01-10,40,,",
        "P004,刘洋,supervisor,phone;tickets,2021-05-20,40,,13700001111",
        "P005,陈静,agent,phone,2025-02-01,32,,",
        "P006,杨磊,qa,,2020-09-09,40,,",
        "P007,赵敏,trainer,training,2019-11-11,40,,",
        "P008,黄鹏,manager,,2018-04-01,40,,",
    ]

    static func csv(_ rows: [String], header: String = header) -> String {
        ([header] + rows).joined(separator: "\n") + "\n"
    }

    /// Writes `text` to a new file in a fresh temporary directory; returns its path.
    static func write(_ text: String, name: String = "people.csv") throws -> String {
        let dir = try SharedData.temporaryDirectory()
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func date(_ text: String) -> CivilDate { CivilDate.parse(text)! }
    static func time(_ text: String) -> LocalDateTime { LocalDateTime.parse(text)! }

    static func shift(_ person: String, _ start: String, hours: Int = 8, name: String = "早班") -> ShiftAssignment {
        let s = time(start)
        return ShiftAssignment(personId: person, name: "N\(person)", role: .agent, date: s.date, start: s,
                               end: s.adding(hours: hours), shift: name)
    }
}
