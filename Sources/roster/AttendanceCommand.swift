import ArgumentParser
import Foundation
import HotlineCore
import RosterStore

extension Roster {
    /// `roster attendance import FILE`.
    struct Attendance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attendance",
            abstract: "Import clock and phone-system attendance events.",
            subcommands: [Import.self])
    }
}

extension Roster.Attendance {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import an attendance CSV (person_id,kind,at; all or nothing).",
            discussion: """
                kind is clock_in, clock_out, login or logout; at is local time YYYY-MM-DDTHH:MM[:SS]. \
                Every person must be in the store. Any bad line rejects the file, listing every bad line. \
                Events already stored are not stored twice.
                """)
        @Argument(help: "The attendance CSV file.") var file: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            var store: String
            var file: String
            var rows: Int
            var inserted: Int
            var duplicates: Int
            var firstAt: LocalDateTime?
            var lastAt: LocalDateTime?
        }

        func run() async throws {
            let s = try store.openExisting()
            let summary = try s.importAttendance(fromCSV: file)
            if output.json {
                try Output.printJSON(Report(store: store.store, file: file, rows: summary.rows, inserted: summary.inserted,
                                            duplicates: summary.duplicates, firstAt: summary.firstAt, lastAt: summary.lastAt))
            } else {
                print("Imported \(file): \(summary.rows) rows, \(summary.inserted) new events, \(summary.duplicates) already stored"
                      + (summary.firstAt.map { " (\($0) … \(summary.lastAt!))" } ?? "") + ".")
            }
        }
    }
}
