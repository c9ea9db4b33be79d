import ArgumentParser
import Foundation
import HotlineCore
import RosterStore

extension Roster {
    /// `roster people`: the staff in the roster store.
    struct People: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "people",
            abstract: "Import and list the staff in the roster store.",
            subcommands: [Import.self, List.self])
    }
}

extension Roster.People {
    /// `roster people import FILE`: validates the whole file, then upserts everyone by person_id.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a people CSV (all or nothing; upsert by person_id).",
            discussion: """
                Columns: \(PeopleCSV.columns.joined(separator: ",")) and optionally \
                \(PeopleCSV.optionalColumns.joined(separator: ",")) (personal data: stored, shown only masked). \
                Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")); skills are ';'-separated.
                """)

        @Argument(help: "The people CSV file.")
        var file: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            var store: String
            var inserted: Int
            var updated: Int
            var people: Int
        }

        func run() async throws {
            let roster = try RosterStore(path: store.store)
            let summary = try roster.importPeople(fromCSV: file)
            let total = try roster.people().count
            if output.json {
                try Output.printJSON(Report(store: store.store, inserted: summary.inserted, updated: summary.updated, people: total))
            } else {
                print("Imported \(file) into \(store.store): \(summary.inserted) added, \(summary.updated) updated; \(total) people in the store.")
            }
        }
    }

    /// `roster people list`: everyone in the store, personal data masked.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the people in the roster store (national ID and phone masked).")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Row: Encodable {
            var personId: String
            var name: String
            var role: String
            var skills: [String]
            var hiredOn: String
            var contractHoursPerWeek: Double
            var nationalId: String?
            var phone: String?

            init(_ p: Person) {
                personId = p.id
                name = p.name
                role = p.role.rawValue
                skills = p.skills
                hiredOn = p.hiredOn.description
                contractHoursPerWeek = p.contractHoursPerWeek
                nationalId = p.nationalID.map(PersonalData.mask)
                phone = p.phone.map(PersonalData.mask)
            }
        }

        struct Report: Encodable {
            var store: String
            var people: [Row]
        }

        func run() async throws {
            guard FileManager.default.fileExists(atPath: store.store) else {
                throw PeopleCommandError("no roster store at '\(store.store)'; import people first with `roster people import FILE --store \(store.store)`")
            }
            let rows = try RosterStore(path: store.store).people().map(Row.init)
            if output.json {
                try Output.printJSON(Report(store: store.store, people: rows))
                return
            }
            let table = [["person_id", "name", "role", "skills", "hired_on", "hours", "national_id", "phone"]]
                + rows.map { r in
                    [r.personId, r.name, r.role, r.skills.joined(separator: ";"), r.hiredOn,
                     RequirementsCSV.formatNumber(r.contractHoursPerWeek), r.nationalId ?? "", r.phone ?? ""]
                }
            for line in table { print(line.joined(separator: "\t")) }
            if rows.isEmpty { Output.note("no people in \(store.store)") }
        }
    }
}

/// A failure of `roster people` that is not a usage mistake (so no usage text is printed).
private struct PeopleCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
