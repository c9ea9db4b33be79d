import ArgumentParser
import Foundation
import HotlineCore
import RosterStore

extension Roster {
    /// `roster training`: courses, records, the pre-job gate, on-job hours, booking sessions.
    struct Training: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "training",
            abstract: "Training courses and records, the pre-job gate before phone duty, on-job hours, booking sessions into quiet hours.",
            subcommands: [Courses.self, Import.self, Gate.self, Hours.self, Book.self])
    }
}

extension Roster.Training {
    struct Courses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a courses CSV (course_id,name,stage,topic,hours; stage pre_job|on_job; topic process|policy|communication|confidentiality).")
        @Argument(help: "The courses CSV file.") var file: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let n = try store.openExisting().importTrainingCourses(fromCSV: file)
            print("Imported \(n) courses from \(file).")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a training-records CSV (person_id,course_id,date,hours,passed; all or nothing).")
        @Argument(help: "The training-records CSV file.") var file: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let n = try store.openExisting().importTrainingRecords(fromCSV: file)
            print("Imported \(n) training records from \(file).")
        }
    }

    struct Gate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who may take phone duty on a date: pre-job training passed in every topic.")
        @Option(help: "The date (YYYY-MM-DD); today without it.") var date: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Row: Encodable { var personId: String; var name: String; var role: Role; var qualified: Bool; var missing: [TrainingTopic] }

        func run() async throws {
            let day = try date.map { d in
                guard let v = CivilDate.parse(d) else { throw ValidationError("--date expects YYYY-MM-DD, got '\(d)'") }
                return v
            } ?? CivilDate.today
            let s = try store.openExisting()
            let qualified = try s.phoneQualified(on: day)
            let rows = try s.rosterablePeople(on: day).filter { $0.role == .agent }.map { p in
                Row(personId: p.id, name: p.name, role: p.role, qualified: qualified.contains(p.id),
                    missing: qualified.contains(p.id) ? [] : try s.missingPreJobTopics(personId: p.id, on: day))
            }
            struct Report: Encodable { var date: CivilDate; var agents: [Row] }
            if output.json { try Output.printJSON(Report(date: day, agents: rows)); return }
            for r in rows { print("\(r.personId)\t\(r.name)\t\(r.qualified ? "qualified" : "not yet: " + r.missing.map(\.rawValue).joined(separator: ","))") }
            print("\(rows.filter(\.qualified).count) of \(rows.count) agents may take phone duty on \(day).")
        }
    }

    struct Hours: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "On-job training hours per person in a month.")
        @Option(help: "The month, YYYY-MM.") var month: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            guard let m = YearMonth.parse(month) else { throw ValidationError("--month expects YYYY-MM, got '\(month)'") }
            let s = try store.openExisting()
            let hours = try s.onJobTrainingHours(from: m.firstDay, through: m.lastDay)
            let people = try s.people().filter { $0.hiredOn <= m.lastDay }
            struct Row: Encodable { var personId: String; var name: String; var onJobHours: Double }
            struct Report: Encodable { var month: YearMonth; var people: [Row] }
            let rows = people.map { Row(personId: $0.id, name: $0.name, onJobHours: hours[$0.id] ?? 0) }
            if output.json { try Output.printJSON(Report(month: m, people: rows)); return }
            for r in rows { print("\(r.personId)\t\(r.name)\t\(RequirementsCSV.formatNumber(r.onJobHours))") }
        }
    }

    struct Book: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Book training sessions into the quietest hours of a plan (requirements CSV start,calls,agents).")
        @Option(help: "The course (already imported).") var course: String
        @Option(help: "The requirements CSV of the plan.") var requirements: String
        @Option(help: "Session length in hours.") var hours = 2
        @Option(help: "How many sessions.") var sessions = 1
        @Option(help: "Earliest start hour.") var earliest = 8
        @Option(help: "Latest end hour.") var latestEnd = 20
        @Flag(help: "Show the sessions without booking them.") var dryRun = false
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard hours >= 1, hours <= 12 else { throw ValidationError("--hours must be 1 to 12") }
            guard sessions >= 1 else { throw ValidationError("--sessions must be at least 1") }
            guard (0...23).contains(earliest), (1...24).contains(latestEnd), earliest + hours <= latestEnd else {
                throw ValidationError("--earliest and --latest-end must leave room for a \(hours)-hour session")
            }
        }

        func run() async throws {
            let reqs = try RequirementsCSV.read(path: requirements)
            let slots = TrainingBooking.quietestWindows(reqs, hours: hours, count: sessions, earliestHour: earliest, latestEndHour: latestEnd)
                .map { var s = $0; s.courseId = course; return s }
            guard !slots.isEmpty else { throw HRCommandError("\(requirements) has no \(hours)-hour window between \(earliest):00 and \(latestEnd):00") }
            if !dryRun { try store.openExisting().bookTrainingSessions(courseId: course, slots) }
            if output.json { try Output.printJSON(["booked": !dryRun ? slots : [], "proposed": slots]); return }
            for s in slots { print("\(s.start) – \(s.end.clockText)\t\(s.requiredAgents) agent-hours required") }
            if sessions > slots.count { Output.note("only \(slots.count) non-overlapping windows fit") }
        }
    }
}

extension CivilDate {
    /// Today in the machine's time zone.
    static var today: CivilDate {
        let c = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CivilDate(year: c.year!, month: c.month!, day: c.day!)!
    }
}
