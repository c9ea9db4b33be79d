import ArgumentParser
import Forecasting
import Foundation
import HotlineCore
import RosterStore
import Workflows

extension Roster {
    /// `roster history`: call history in the roster store (the forecaster's input).
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Import call history into the roster store and show it by week.",
            subcommands: [Import.self, Show.self])
    }
}

extension Roster.History {
    /// `roster history import FILE`: loads a history file or directory and stores it (all or nothing).
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a call history file or directory into the store (all or nothing; an hour already stored is replaced, never added twice).",
            discussion: """
                Formats: per-call CSV (arrived_at,answered_at,ended_at,outcome,channel), interval CSV \
                (start,calls[,aht_seconds,abandoned,answered]) and the Anonymous Bank 1999 records; a directory \
                is read as one history. --rebase-before MONDAY moves the whole history by whole weeks so that \
                its last day falls in the week just before that Monday (weekdays and hours kept): a way to try \
                an old public history as if it were recent.
                """)

        @Argument(help: "The history file or directory.")
        var file: String
        @Option(name: .long, help: "History format: \(HistoryFormat.allCases.map(\.rawValue).joined(separator: "|")).")
        var format: HistoryFormat = .auto
        @Option(name: .customLong("rebase-before"), help: "A Monday (YYYY-MM-DD): move the history to the week just before it.")
        var rebaseBefore: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            var store: String
            var report: HistoryImportReport

            func encode(to encoder: any Encoder) throws {
                try report.encode(to: encoder)
                var c = encoder.container(keyedBy: Key.self)
                try c.encode(store, forKey: .store)
            }
            enum Key: String, CodingKey { case store }
        }

        func validate() throws {
            if let rebaseBefore {
                guard let d = CivilDate.parse(rebaseBefore) else {
                    throw ValidationError("--rebase-before expects a date YYYY-MM-DD (a Monday), got '\(rebaseBefore)'")
                }
                guard d.weekday == 1 else { throw ValidationError(HistoryWorkflowError.rebaseNotMonday(d).description) }
            }
        }

        func run() async throws {
            let workflow = HistoryWorkflow(store: try RosterStore(path: store.store))
            let r = try workflow.importHistory(path: file, format: format, rebaseBefore: rebaseBefore.flatMap(CivilDate.parse))
            if output.json {
                try Output.printJSON(Report(store: store.store, report: r))
                return
            }
            var text = "Imported \(file) into \(store.store): \(r.daysWithRecords) day\(r.daysWithRecords == 1 ? "" : "s") \(r.firstDay)…\(r.lastDay), "
                + "\(RequirementsCSV.formatNumber(r.offered)) calls offered; hours \(r.inserted) added, \(r.replaced) replaced, \(r.unchanged) unchanged."
            if r.rebaseWeeks != 0 {
                text += " Moved by \(r.rebaseWeeks) weeks (\(r.rebaseDays) days) from \(r.recordedFirstDay)…\(r.recordedLastDay)."
            }
            print(text)
            if !r.daysWithoutRecords.isEmpty {
                Output.note("days without records: \(HistoryTable.days(r.daysWithoutRecords))")
            }
        }
    }

    /// `roster history show`: the stored history by week.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show the stored call history by ISO week: days with records, calls, answered share, gaps.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Week: Encodable {
            var monday: CivilDate
            var daysWithRecords: Int
            var hours: Int
            var offered: Double
            var answered: Double
            var abandoned: Double
            var selfService: Double
            var answeredShare: Double?
            var gaps: [CivilDate]

            enum CodingKeys: String, CodingKey {
                case monday, daysWithRecords, hours, offered, answered, abandoned, selfService, answeredShare, gaps
            }

            /// `answeredShare` is always present (null without calls), so the keys are stable.
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(monday, forKey: .monday)
                try c.encode(daysWithRecords, forKey: .daysWithRecords)
                try c.encode(hours, forKey: .hours)
                try c.encode(offered, forKey: .offered)
                try c.encode(answered, forKey: .answered)
                try c.encode(abandoned, forKey: .abandoned)
                try c.encode(selfService, forKey: .selfService)
                try c.encode(answeredShare, forKey: .answeredShare)
                try c.encode(gaps, forKey: .gaps)
            }
        }

        struct Report: Encodable {
            var store: String
            var firstDay: CivilDate?
            var lastDay: CivilDate?
            var daysWithRecords: Int
            var hours: Int
            var offered: Double
            var answered: Double
            var abandoned: Double
            var selfService: Double
            var answeredShare: Double?
            var gaps: [CivilDate]
            var weeks: [Week]
            var imports: [CallHistoryImport]

            enum CodingKeys: String, CodingKey {
                case store, firstDay, lastDay, daysWithRecords, hours, offered, answered, abandoned, selfService, answeredShare,
                     gaps, weeks, imports
            }

            /// `firstDay`, `lastDay` and `answeredShare` are always present (null for an empty store).
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(store, forKey: .store)
                try c.encode(firstDay, forKey: .firstDay)
                try c.encode(lastDay, forKey: .lastDay)
                try c.encode(daysWithRecords, forKey: .daysWithRecords)
                try c.encode(hours, forKey: .hours)
                try c.encode(offered, forKey: .offered)
                try c.encode(answered, forKey: .answered)
                try c.encode(abandoned, forKey: .abandoned)
                try c.encode(selfService, forKey: .selfService)
                try c.encode(answeredShare, forKey: .answeredShare)
                try c.encode(gaps, forKey: .gaps)
                try c.encode(weeks, forKey: .weeks)
                try c.encode(imports, forKey: .imports)
            }
        }

        func run() async throws {
            guard FileManager.default.fileExists(atPath: store.store) else {
                throw HistoryCommandError("no roster store at '\(store.store)'; \(HistoryWorkflowError.noHistory)")
            }
            let workflow = HistoryWorkflow(store: try RosterStore(path: store.store))
            let s = try workflow.summary()
            let imports = try workflow.imports()
            if output.json {
                try Output.printJSON(Report(
                    store: store.store, firstDay: s.firstDay, lastDay: s.lastDay, daysWithRecords: s.daysWithRecords,
                    hours: s.hours, offered: s.offered, answered: s.answered, abandoned: s.abandoned, selfService: s.selfService,
                    answeredShare: s.offered > 0 ? s.answered / s.offered : nil, gaps: s.gaps,
                    weeks: s.weeks.map {
                        Week(monday: $0.monday, daysWithRecords: $0.daysWithRecords, hours: $0.hours, offered: $0.offered,
                             answered: $0.answered, abandoned: $0.abandoned, selfService: $0.selfService,
                             answeredShare: $0.answeredShare, gaps: $0.gaps)
                    },
                    imports: imports))
                return
            }
            guard let first = s.firstDay, let last = s.lastDay else {
                throw HistoryCommandError("\(store.store): \(HistoryWorkflowError.noHistory)")
            }
            let rows = [["week", "days", "calls", "answered", "gaps"]] + s.weeks.map { w in
                [w.monday.description, "\(w.daysWithRecords)", RequirementsCSV.formatNumber(w.offered),
                 HistoryTable.percent(w.answeredShare), HistoryTable.days(w.gaps)]
            }
            print(HistoryTable.render(rows, rightAligned: [1, 2, 3]))
            print("\(s.daysWithRecords) days with records, \(first)…\(last); \(RequirementsCSV.formatNumber(s.offered)) calls offered, "
                  + "\(HistoryTable.percent(s.offered > 0 ? s.answered / s.offered : nil)) answered; "
                  + (s.gaps.isEmpty ? "no gaps." : "\(s.gaps.count) days without records: \(HistoryTable.days(s.gaps))."))
            for i in imports {
                Output.note("import \(i.id): \(i.file) (\(i.format)) \(i.firstDay)…\(i.lastDay) at \(i.importedAt) by \(i.actor)"
                            + (i.rebaseWeeks != 0 ? ", moved \(i.rebaseWeeks) weeks" : ""))
            }
        }
    }
}

/// Text formatting of `roster history`.
enum HistoryTable {
    /// Days as ranges: `1999-01-11…1999-01-12, 1999-03-02`.
    static func days(_ days: [CivilDate]) -> String {
        var parts: [String] = []
        var runStart: CivilDate?, previous: CivilDate?
        func close() {
            guard let s = runStart, let p = previous else { return }
            parts.append(s == p ? s.description : "\(s)…\(p)")
        }
        for d in days.sorted() {
            if let p = previous, d.dayNumber == p.dayNumber + 1 {
                previous = d
                continue
            }
            close()
            runStart = d
            previous = d
        }
        close()
        return parts.joined(separator: ", ")
    }

    static func percent(_ share: Double?) -> String {
        guard let share else { return "-" }
        return String(format: "%.1f%%", share * 100)
    }

    static func render(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return rightAligned.contains(c) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}

/// A failure of `roster history` that is not a usage mistake (so no usage text is printed).
private struct HistoryCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
