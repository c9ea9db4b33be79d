import Foundation
import HotlineCore
import RosterExcel
@testable import RosterStore
import Rostering
import Testing
import TestSupport
@testable import Workflows

private func day(_ text: String) -> CivilDate { CivilDate.parse(text)! }

/// A fresh store on disk with the sample people (synthetic) and their training, as a new center
/// would start: `people import`, `training courses`, `training import`.
func centerStore(actor: String = "班长") throws -> (store: RosterStore, dir: String) {
    let dir = try SharedData.temporaryDirectory()
    let store = try RosterStore(path: dir + "/roster.sqlite", actor: actor)
    _ = try store.importPeople(fromCSV: SharedData.project("rosters/people/sample-people.csv"))
    _ = try store.importTrainingCourses(fromCSV: SharedData.project("rosters/people/sample-training-courses.csv"))
    _ = try store.importTrainingRecords(fromCSV: SharedData.project("rosters/people/sample-training-records.csv"))
    return (store, dir)
}

func weekWorkflow(_ store: RosterStore, iterations: Int = 30_000) throws -> WeekWorkflow {
    WeekWorkflow(store: store, settings: .init(profile: try CenterProfile.load(path: SharedData.project("rosters/profiles/yuhang-12345.toml")),
                                               timeLimitSeconds: 20, engineIterations: iterations))
}

/// The breaches a refused step reports.
func breaches(_ body: () throws -> Void) -> [RuleBreach] {
    do { try body() } catch let WorkflowError.ruleBroken(b, _) { return b } catch { Issue.record("unexpected error \(error)") }
    return []
}

@Suite("Shift codes")
struct ShiftCodeTests {
    let profile = try! CenterProfile.load(path: SharedData.project("rosters/profiles/yuhang-12345.toml"))

    @Test("codes, ranges, names and off words read back to the same shift")
    func parse() throws {
        func spec(_ t: String) throws -> ShiftCode.Spec? {
            try ShiftCode.parse(t, role: .agent, plan: nil, draft: [], profile: profile, file: "t")
        }
        #expect(try spec("07:00-16:00") == .init(startMinute: 420, lengthMinutes: 540))
        #expect(try spec("22:00-06:00") == .init(startMinute: 1320, lengthMinutes: 480))
        #expect(try spec("16:00-24:00") == .init(startMinute: 960, lengthMinutes: 480))
        #expect(try spec("早班 07:30–15:30") == .init(startMinute: 450, lengthMinutes: 480))
        #expect(try spec("E07/10h") == .init(startMinute: 420, lengthMinutes: 600))
        #expect(try spec("n2230/8h") == .init(startMinute: 1350, lengthMinutes: 480))
        for off in ["", "休", "off", "-", "假", "训", "training"] { #expect(try spec(off) == nil) }
        #expect(throws: InputError.self) { try spec("Z99") }
        #expect(throws: InputError.self) { try spec("07:00-07:30") }
        #expect(throws: InputError.self) { try spec("hello") }
        // A code's length comes from the role's shifts of that start in the draft.
        let s = ShiftAssignment(personId: "P", name: "n", role: .agent, date: day("2026-11-30"),
                                start: LocalDateTime.parse("2026-11-30T07:00")!, end: LocalDateTime.parse("2026-11-30T15:00")!, shift: "早班")
        #expect(try ShiftCode.parse("E07", role: .agent, plan: nil, draft: [s], profile: profile, file: "t") == .init(startMinute: 420, lengthMinutes: 480))
        #expect(ShiftCode.code(s, profile: profile) == "E07")
    }
}

@Suite("Draft payloads")
struct PayloadTests {
    struct Keyed: Codable { var bound: Nullable<Double> }

    @Test("a payload written by another version still reads; a missing nullable key is null")
    func tolerant() throws {
        let json = #"{"requirements":[],"forecastModel":"m","forecastSource":"s","build":{"weekStart":"2026-11-30"}}"#
        let p = try JSONDecoder().decode(WeekWorkflow.Payload.self, from: Data(json.utf8))
        #expect(p.build == nil && p.forecastModel == "m" && p.plan == nil)
        #expect(try JSONDecoder().decode(Keyed.self, from: Data("{}".utf8)).bound.value == nil)
        #expect(try JSONDecoder().decode(Keyed.self, from: Data(#"{"bound":2.5}"#.utf8)).bound.value == 2.5)
        #expect(String(decoding: try JSONEncoder().encode(Keyed(bound: Nullable(nil))), as: UTF8.self) == #"{"bound":null}"#)
    }
}

@Suite("Week workflow", .serialized)
struct WeekWorkflowTests {
    /// The shift manager's walk-through on the real Anonymous Bank 1999 history (rebased to the
    /// weeks before 2026-11-30) and the sample people (synthetic): build, a legal and a refused
    /// edit, reoptimize keeps the legal one, publish, diff; the next week sees the first one's rest.
    @Test("walk-through on the Anonymous Bank 1999 history", .enabled(if: SharedData.hasAnonymousBank, "needs ../shared/data/anonymous-bank-1999"))
    func walkThrough() throws {
        let (store, _) = try centerStore()
        let history = try HistoryWorkflow(store: store).importHistory(path: SharedData.anonymousBank, rebaseBefore: day("2026-11-30"))
        #expect(history.lastDay < day("2026-11-30") && history.lastDay >= day("2026-11-23"))
        // Requests filed as pending bind nothing until the manager approves them.
        let requests = RequestsWorkflow(store: store)
        let filed = try requests.importCSV(path: SharedData.project("rosters/people/sample-requests.csv"))
        #expect(filed.filed.count == 20)
        #expect(try requests.constraints(weekStart: day("2026-11-30")).values.allSatisfy { $0.leave.isEmpty && $0.wishes.isEmpty })
        for r in try requests.list(status: .pending) { _ = try requests.approve(id: r.id, by: "王班长") }
        let wf = try weekWorkflow(store)
        let week = day("2026-11-30")

        // Build.
        let built = try wf.build(week: week)
        #expect(built.revision == 1)
        #expect(built.requestsApplied >= 10)
        // Approved leave binds: P0005 is off 12-01…12-03 and shown as on leave.
        let leaveRow = try #require(try wf.view(week: week, .draft).rows.first { $0.personId == "P0005" })
        #expect((1...3).allSatisfy { leaveRow.cells[$0].code.isEmpty && leaveRow.cells[$0].absence == "leave" })
        #expect(built.forecastSource == "stored history")
        #expect(built.violations.isEmpty, "a fresh build breaks no hard rule: \(built.violations)")
        #expect(built.solver.bound != nil)
        var view = try wf.view(week: week, .draft)
        #expect(view.rows.count >= 100)
        #expect(view.textTable().contains("排班表 2026-11-30"))

        // A legal edit: someone off on a day takes a day shift whose rest and hours allow it.
        let agents = view.rows.filter { $0.role == .agent }
        var legal: (String, CivilDate)? = nil
        search: for r in agents where r.hours <= 32 {
            for k in 1..<6 where r.cells[k].code.isEmpty && r.cells[k].absence == nil {
                let d = week.adding(days: k)
                if (try? wf.edit(week: week, [.assign(personId: r.personId, date: d, shift: "10:00-18:00")])) != nil { legal = (r.personId, d); break search }
            }
        }
        let (p, d) = try #require(legal, "no legal day-shift edit found")
        view = try wf.view(week: week, .draft)
        #expect(view.rows.first { $0.personId == p }!.cells[d.dayNumber - week.dayNumber].range == "10:00-18:00")

        // A refused edit: a night shift right before the legal day shift breaks the rest rule;
        // the message names the rule, person and hours, and no table changes.
        let before = try StoreSnapshot(store)
        let refused = breaches { _ = try wf.edit(week: week, [.assign(personId: p, date: d.adding(days: -1), shift: "22:00-06:00")]) }
        #expect(refused.contains { $0.rule == "min-rest" && $0.personId == p && $0.detail.contains("11 h") })
        #expect(try StoreSnapshot(store) == before)

        // Reoptimize keeps the hand edit.
        let re = try wf.reoptimize(week: week)
        #expect(re.keptCells >= 1)
        #expect(try wf.view(week: week, .draft).shifts.contains { $0.personId == p && $0.date == d && $0.start.clockText == "10:00" })

        // Excel: export, edit one cell as a user would, import → exactly that edit, validated.
        let xlsx = try wf.workbook(try wf.view(week: week, .draft), language: .zh)
        var book = try XLSXWorkbook(xlsx: xlsx, file: "week.xlsx")
        let sheetIndex = try #require(book.sheets.firstIndex { $0.name.hasPrefix("排班") })
        let agentRow = try #require(try wf.view(week: week, .draft).rows.first { r in
            r.role == .agent && r.personId != p && !r.cells[3].code.isEmpty && !r.cells[3].locked && !r.cells[3].edited
        })
        let rowIndex = try #require(book.sheets[sheetIndex].rowIndices.first { book.sheets[sheetIndex].text($0, 0) == agentRow.personId })
        book.sheets[sheetIndex][rowIndex, 3 + 3] = .string("休")      // Thursday: off
        let edited = try SharedData.temporaryDirectory() + "/edited.xlsx"
        try book.xlsxData().write(to: URL(fileURLWithPath: edited))
        let imported = try wf.importWorkbook(path: edited, week: week)
        #expect(imported.changes.count == 1)
        #expect(imported.changes.first.map { $0.personId == agentRow.personId && $0.date == week.adding(days: 3) && $0.to == nil } == true)
        // A refused cell in a workbook changes nothing either: the night before the legal day shift.
        let rowOfP = try #require(book.sheets[sheetIndex].rowIndices.first { book.sheets[sheetIndex].text($0, 0) == p })
        book.sheets[sheetIndex][rowOfP, 3 + (d.dayNumber - week.dayNumber) - 1] = .string("22:00-06:00")
        try book.xlsxData().write(to: URL(fileURLWithPath: edited))
        let beforeImport = try StoreSnapshot(store)
        let refusedImport = breaches { _ = try wf.importWorkbook(path: edited, week: week) }
        #expect(refusedImport.contains { $0.rule == "min-rest" && $0.personId == p })
        #expect(try StoreSnapshot(store) == beforeImport)

        // Publish, diff.
        let published = try wf.publish(week: week)
        #expect(published.version == 1 && published.by == "班长")
        #expect(try wf.diff(week: week, from: .version(1), to: .draft).isEmpty)
        // A night on the Sunday, published as version 2, runs into the next week.
        let sundayNight = try #require(view.rows.filter { $0.role == .agent }.first { r in
            (try? wf.edit(week: week, [.assign(personId: r.personId, date: week.adding(days: 6), shift: "22:00-06:00")])) != nil
        }?.personId)
        let changes = try wf.diff(week: week, from: .version(1), to: .draft)
        #expect(changes.contains { $0.personId == sundayNight && $0.to == "22:00-06:00" })
        #expect(try wf.publish(week: week).version == 2)
        #expect(try store.rosterVersions(weekStart: week).map(\.version) == [1, 2])

        // The following week: built with the first week's rest (no one rostered within 11 h of the
        // Sunday night) and its shifts as fairness history.
        let next = week.adding(days: 7)
        let second = try wf.build(week: next)
        #expect(second.violations.isEmpty, "\(second.violations)")
        let mondayShift = try wf.view(week: next, .draft).shifts.first { $0.personId == sundayNight && $0.date == next }
        if let mondayShift { #expect(mondayShift.start.seconds - LocalDateTime.parse("\(next)T06:00")!.seconds >= 11 * 3600) }
        let early = breaches { _ = try wf.edit(week: next, [.assign(personId: sundayNight, date: next, shift: "08:00-16:00")]) }
        #expect(early.contains { $0.rule == "min-rest" && $0.personId == sundayNight && $0.detail.contains("\(next)T06:00") },
                "the Sunday night of the published week counts for Monday's rest: \(early)")
    }

    /// A forced edit is a declared exception: saved with its reason, published, and kept in the
    /// version; a hard rule broken without a declaration blocks publishing.
    @Test("forced edits are declared exceptions; undeclared breaks block publish")
    func exceptionsAndPublish() throws {
        let (store, _) = try centerStore()
        _ = try HistoryWorkflow(store: store).importHistory(path: SharedData.project("forecasts/sample/synthetic-12345-history.csv"))
        let wf = try weekWorkflow(store, iterations: 20_000)
        let week = day("2026-11-30")
        _ = try wf.build(week: week)
        let view = try wf.view(week: week, .draft)
        let worker = try #require(view.rows.first { $0.role == .agent && $0.cells.filter { !$0.code.isEmpty }.count == 5 })
        let offDay = try #require(worker.cells.indices.first { worker.cells[$0].code.isEmpty && worker.cells[$0].absence == nil })
        let date = week.adding(days: offDay)
        // A sixth shift of 8 h: 48 h > the 40-h contract.
        let edit = WeekEdit.assign(personId: worker.personId, date: date, shift: "12:00-20:00")
        let before = try StoreSnapshot(store)
        let refused = breaches { _ = try wf.edit(week: week, [edit]) }
        #expect(refused.contains { $0.rule == "contract-hours" && $0.personId == worker.personId && $0.detail.contains("48 h") })
        #expect(try StoreSnapshot(store) == before)
        #expect(throws: WorkflowError.self) { _ = try wf.edit(week: week, [edit], force: true) }   // no reason
        #expect(try StoreSnapshot(store) == before)
        let forced = try wf.edit(week: week, [edit], force: true, reason: "区里临时加派")
        #expect(forced.exceptions.contains { $0.rule == "contract-hours" })
        let marked = try #require(try store.draft(weekStart: week)?.cells.first { $0.personId == worker.personId && $0.date == date })
        #expect(marked.exceptionRules.contains("contract-hours") && marked.exceptionReason == "区里临时加派" && marked.edited)

        // HR records the person as pregnant after the build: their night shifts now break a hard
        // rule nobody declared, so publishing is refused and changes nothing.
        let nightWorker = try #require(view.rows.first { r in r.role == .agent && r.personId != worker.personId && r.cells.contains { $0.range.hasPrefix("22:") || $0.range.hasPrefix("20:") || $0.range.hasPrefix("00:") } })
        let person = try #require(try store.person(id: nightWorker.personId))
        _ = try store.importPeople([person], details: [person.id: PersonDetails(contract: "", protectedStatus: .pregnant)])
        let beforePublish = try StoreSnapshot(store)
        let blocked = breaches { _ = try wf.publish(week: week) }
        #expect(blocked.contains { $0.personId == person.id && $0.rule == "protected-no-night" })
        #expect(try StoreSnapshot(store) == beforePublish)
        // Back to normal status: the declared exception alone does not block.
        _ = try store.importPeople([person], details: [person.id: PersonDetails(contract: "", protectedStatus: nil)])
        let published = try wf.publish(week: week)
        #expect(published.exceptions.contains { $0.personId == worker.personId && $0.rules.contains("contract-hours") && $0.reason == "区里临时加派" })
        #expect(try store.publishedExceptions(weekStart: week, version: published.version).count == published.exceptions.count)
        // Published versions are never overwritten.
        #expect(throws: (any Error).self) { try store.writer.write { try $0.execute(sql: "DELETE FROM roster_version_shifts") } }
    }

    @Test("a stale revision, a week that is not a Monday and a week without a draft are refused")
    func refusals() throws {
        let (store, _) = try centerStore()
        let wf = try weekWorkflow(store)
        #expect(throws: InputError.self) { _ = try wf.build(week: day("2026-12-01")) }
        #expect(throws: WorkflowError.self) { _ = try wf.reoptimize(week: day("2026-11-30")) }
        #expect(throws: WorkflowError.self) { _ = try wf.publish(week: day("2026-11-30")) }
        #expect(throws: WorkflowError.self) { _ = try wf.edit(week: day("2026-11-30"), [.off(personId: "P0001", date: day("2026-11-30"))]) }
        // No history in the store: the build says what to run.
        do { _ = try wf.build(week: day("2026-11-30")); Issue.record("built without history") } catch {
            #expect("\(error)".contains("roster history import"))
        }
        let week = day("2026-11-30")
        let s = ShiftAssignment(personId: "P0001", name: "x", role: .agent, date: week, start: LocalDateTime(date: week, hour: 8),
                                end: LocalDateTime(date: week, hour: 16), shift: "早班")
        let r1 = try store.saveDraft(weekStart: week, shifts: [s], cells: [], payload: Data("{}".utf8), basedOnVersion: nil,
                                     expectedRevision: nil, action: "test", detail: "")
        _ = try store.saveDraft(weekStart: week, shifts: [], cells: [], payload: Data("{}".utf8), basedOnVersion: nil,
                                expectedRevision: r1, action: "test", detail: "")
        #expect(throws: RosterStoreError.self) {
            try store.saveDraft(weekStart: week, shifts: [], cells: [], payload: Data("{}".utf8), basedOnVersion: nil,
                                expectedRevision: r1, action: "test", detail: "")
        }
        #expect(throws: WorkflowError.self) { _ = try wf.edit(week: week, [.off(personId: "P0001", date: week)], expectedRevision: r1) }
    }
}

@Suite("Bad input leaves the store unchanged")
struct BadInputTests {
    @Test("history, requests, forecast, week, edits and workbooks: one clear error each, every table as it was")
    func badInputEverywhere() throws {
        let (store, dir) = try centerStore()
        _ = try HistoryWorkflow(store: store).importHistory(path: SharedData.project("forecasts/sample/synthetic-12345-history.csv"))
        let wf = try weekWorkflow(store, iterations: 5_000)
        let week = day("2026-11-30")
        _ = try wf.build(week: week)
        let before = try StoreSnapshot(store)
        func write(_ name: String, _ text: String) throws -> String {
            let path = dir + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return "\(error)" }
        }
        let history = try write("bad-history.csv", "start,calls\n2026-11-30T00:00,12\n2026-11-30T01:00,many\n")
        #expect(message { _ = try HistoryWorkflow(store: store).importHistory(path: history) }.contains("bad-history.csv:3"))
        let requests = try write("bad-requests.csv", "person_id,kind,from,to,shift,weight\nP0001,leave,2026-12-01,,,\nP9999,leave,2026-12-01,,,\nP0002,shift_on,2026-12-02,,early,-1\n")
        let m = message { _ = try RequestsWorkflow(store: store).importCSV(path: requests) }
        #expect(m.contains("bad-requests.csv") && m.contains("3") && m.contains("P9999"))
        let forecast = try write("short-forecast.csv", "start,calls,aht_seconds\n2026-11-30T00:00,10,200\n")
        #expect(message { _ = try wf.build(week: week, forecast: .file(forecast)) }.contains("short-forecast.csv"))
        #expect(message { _ = try wf.build(week: day("2026-12-02")) }.contains("Monday"))
        #expect(message { _ = try wf.edit(week: week, [.assign(personId: "P0001", date: week, shift: "25:00-26:00")]) }.contains("shift"))
        #expect(message { _ = try wf.edit(week: week, [.swap(personId: "P0001", otherId: "P0101", date: week)]) }.contains("one role"))
        #expect(message { _ = try wf.edit(week: week, [.off(personId: "<script>", date: week)]) }.contains("no person"))
        let notZip = try write("roster.xlsx", "this is not a workbook")
        #expect(message { _ = try wf.importWorkbook(path: notZip, week: week) }.contains("roster.xlsx"))
        #expect(try StoreSnapshot(store) == before)
    }
}
