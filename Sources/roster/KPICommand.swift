import ArgumentParser
import Foundation
import HotlineCore
import RosterStore

extension Roster {
    /// `roster kpi --month YYYY-MM`: the monthly assessment.
    struct KPI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kpi",
            abstract: "The monthly assessment: utilisation, adherence, complaints, ticket quality, efficiency, answer rate, turnover, headcount.",
            subcommands: [Report.self, Figures.self],
            defaultSubcommand: Report.self)
    }
}

extension Roster.KPI {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compute and print the assessment of a month (text, HTML or JSON).")
        @Option(help: "The month, YYYY-MM.") var month: String
        @Option(help: "Language of the report: zh or en.") var language: DocumentLanguage = .zh
        @Option(help: "text or html.") var format: MonthlyAssessment.ReportFormat = .text
        @Option(name: .shortAndLong, help: "Write the report to this file instead of stdout.") var output: String?
        @OptionGroup var rules: RulesOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var json: OutputOptions

        func validate() throws {
            guard YearMonth.parse(month) != nil else { throw ValidationError("--month expects YYYY-MM, got '\(month)'") }
        }

        func run() async throws {
            let profile = try rules.load()
            let a = try store.openExisting().assessment(month: YearMonth.parse(month)!, headcountMinimum: profile?.staff.minTotal,
                                                        rules: profile?.replacementRules ?? .contractDefaults)
            if !a.anomalies.isEmpty { Output.note("\(a.anomalies.count) attendance events in \(month) could not be paired; the report lists them") }
            if json.json {
                try Output.printJSON(a)
                return
            }
            let text = a.report(language: language, format: format, centerName: profile.map { language == .zh ? $0.name : ($0.nameEnglish ?? $0.name) })
            if let output {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
                Output.note("wrote \(output)")
            } else {
                print(text, terminator: "")
            }
        }
    }

    struct Figures: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a month's imported figures: ticket quality error rate, efficiency index, phone-system totals or the plan's predicted answer rate.")
        @Option(help: "The month, YYYY-MM.") var month: String
        @Option(help: "Ticket quality error rate, a share (0.012 = 1.2%).") var ticketErrorRate: Double?
        @Option(help: "Efficiency index published by the city.") var efficiencyIndex: Double?
        @Option(help: "Inbound calls (phone system).") var inbound: Int?
        @Option(help: "Calls answered by people (phone system).") var answered: Int?
        @Option(help: "Calls answered by self-service (phone system).") var selfService: Int?
        @Option(help: "Predicted effective answer rate from the plan, used without phone-system totals.") var predictedAnswerRate: Double?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let m = YearMonth.parse(month) else { throw ValidationError("--month expects YYYY-MM, got '\(month)'") }
            try store.openExisting().setMonthlyFigures(m, MonthlyFigures(
                ticketErrorRate: ticketErrorRate, efficiencyIndex: efficiencyIndex, inbound: inbound, answeredByAgents: answered,
                answeredSelfService: selfService, predictedAnswerRate: predictedAnswerRate))
            print("Recorded the figures of \(m).")
        }
    }
}

extension MonthlyAssessment.ReportFormat: ExpressibleByArgument {}
