import Foundation
import HotlineCore
import Scenarios
import Testing
import TestSupport

/// The training gate of scenario runs, checked against a count straight from the sample CSV files.
@Suite struct ScenarioPeopleTests {
    static func rows(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: SharedData.project(path), encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func agentsWithoutPreJobTrainingAreLeftOut() throws {
        let date = CivilDate(year: 2026, month: 9, day: 14)!
        let roll = try ScenarioPeople.load(peopleCSV: SharedData.project("rosters/people/sample-people.csv"),
                                           trainingCourses: SharedData.project("rosters/people/sample-training-courses.csv"),
                                           trainingRecords: SharedData.project("rosters/people/sample-training-records.csv"),
                                           on: date)
        // Independent count: pre-job topics passed on or before the date, per person.
        let topic = Dictionary(uniqueKeysWithValues: try Self.rows("rosters/people/sample-training-courses.csv")
            .filter { $0[2] == "pre_job" }.map { ($0[0], $0[3]) })
        var passed: [String: Set<String>] = [:]
        for r in try Self.rows("rosters/people/sample-training-records.csv") where r[4] == "true" && r[2] <= date.description {
            if let t = topic[r[1]] { passed[r[0], default: []].insert(t) }
        }
        let agents = try Self.rows("rosters/people/sample-people.csv").filter { $0[2] == "agent" }.map { $0[0] }
        let expected = agents.filter { (passed[$0]?.count ?? 0) < 4 }.sorted()
        #expect(!expected.isEmpty, "the sample has a new hire in pre-job training")
        #expect(roll.notPhoneQualified == expected)
        #expect(!roll.people.contains { expected.contains($0.id) })
        // Without the training files nobody is left out.
        let all = try ScenarioPeople.load(peopleCSV: SharedData.project("rosters/people/sample-people.csv"),
                                          trainingCourses: nil, trainingRecords: nil, on: date)
        #expect(all.notPhoneQualified.isEmpty && all.people.count == roll.people.count + expected.count)
        #expect(throws: InputError.self) {
            try ScenarioPeople.load(peopleCSV: SharedData.project("rosters/people/sample-people.csv"),
                                    trainingCourses: SharedData.project("rosters/people/sample-training-courses.csv"),
                                    trainingRecords: nil, on: date)
        }
    }
}
