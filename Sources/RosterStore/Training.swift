import Foundation
import GRDB
import HotlineCore

public enum TrainingStage: String, Sendable, Codable, CaseIterable {
    /// Before phone duty (岗前培训).
    case preJob = "pre_job"
    /// While working (在岗培训).
    case onJob = "on_job"
}

public enum TrainingTopic: String, Sendable, Codable, CaseIterable {
    case process, policy, communication, confidentiality
}

public struct TrainingCourse: Sendable, Hashable, Codable {
    public var courseId: String
    public var name: String
    public var stage: TrainingStage
    public var topic: TrainingTopic
    public var hours: Double

    public init(courseId: String, name: String, stage: TrainingStage, topic: TrainingTopic, hours: Double) {
        self.courseId = courseId
        self.name = name
        self.stage = stage
        self.topic = topic
        self.hours = hours
    }
}

public struct TrainingRecord: Sendable, Hashable, Codable {
    public var personId: String
    public var courseId: String
    public var date: CivilDate
    public var hours: Double
    public var passed: Bool

    public init(personId: String, courseId: String, date: CivilDate, hours: Double, passed: Bool) {
        self.personId = personId
        self.courseId = courseId
        self.date = date
        self.hours = hours
        self.passed = passed
    }
}

/// A training session booked into the plan.
public struct TrainingSession: Sendable, Hashable, Codable {
    public var courseId: String
    public var start: LocalDateTime
    public var end: LocalDateTime
    /// Phone agents the plan requires during the session (summed over its hours): lower is quieter.
    public var requiredAgents: Int
}

/// Training CSVs: courses `course_id,name,stage,topic,hours`; records
/// `person_id,course_id,date,hours,passed` (`hours` may be empty: the course's hours).
public enum TrainingCSV {
    public static let courseColumns = ["course_id", "name", "stage", "topic", "hours"]
    public static let recordColumns = ["person_id", "course_id", "date", "hours", "passed"]

    public static func readCourses(path: String) throws -> [TrainingCourse] {
        let table = try CSVTable.read(path: path)
        let e = courseColumns
        let id = try table.requireColumn("course_id", expected: e), name = try table.requireColumn("name", expected: e)
        let stage = try table.requireColumn("stage", expected: e), topic = try table.requireColumn("topic", expected: e)
        let hours = try table.requireColumn("hours", expected: e)
        var out: [TrainingCourse] = [], errors: [InputError] = [], seen: [String: Int] = [:]
        for row in table.cursors {
            do {
                let c = try row.requiredText(id)
                if let first = seen[c] { throw row.error(id, "duplicate course_id '\(c)' (also on line \(first))") }
                seen[c] = row.line
                let st = try row.requiredText(stage).lowercased()
                guard let s = TrainingStage(rawValue: st) else { throw row.error(stage, "expected pre_job or on_job, got '\(st)'") }
                let tp = try row.requiredText(topic).lowercased()
                guard let t = TrainingTopic(rawValue: tp) else {
                    throw row.error(topic, "expected one of \(TrainingTopic.allCases.map(\.rawValue).joined(separator: ", ")), got '\(tp)'")
                }
                let h = try row.nonNegative(hours)
                guard h > 0, h <= 200 else { throw row.error(hours, "expected hours in (0, 200], got \(row.text(hours))") }
                out.append(TrainingCourse(courseId: c, name: try row.requiredText(name), stage: s, topic: t, hours: h))
            } catch let e as InputError { errors.append(e) }
        }
        guard errors.isEmpty else { throw ImportRejected(file: table.file, errors: errors) }
        return out
    }

    public static func readRecords(path: String, courses: [String: TrainingCourse], knownPeople: Set<String>) throws -> [TrainingRecord] {
        let table = try CSVTable.read(path: path)
        let e = recordColumns
        let id = try table.requireColumn("person_id", expected: e), course = try table.requireColumn("course_id", expected: e)
        let date = try table.requireColumn("date", expected: e), passed = try table.requireColumn("passed", expected: e)
        let hours = table.columnIndex("hours")
        var out: [TrainingRecord] = [], errors: [InputError] = []
        for row in table.cursors {
            do {
                let p = try row.requiredText(id)
                guard knownPeople.contains(p) else { throw row.error(id, "unknown person_id '\(p)'; import the people file first") }
                let c = try row.requiredText(course)
                guard let def = courses[c] else { throw row.error(course, "unknown course_id '\(c)'; import the courses first (roster training courses FILE)") }
                let d = try row.date(date)
                var h = def.hours
                if let hours, !row.text(hours).isEmpty {
                    h = try row.nonNegative(hours)
                    guard h <= 24 * 31 else { throw row.error(hours, "expected at most \(24 * 31) hours, got \(row.text(hours))") }
                }
                out.append(TrainingRecord(personId: p, courseId: c, date: d, hours: h, passed: try IncidentsCSV.bool(row, passed)))
            } catch let e as InputError { errors.append(e) }
        }
        guard errors.isEmpty else { throw ImportRejected(file: table.file, errors: errors) }
        return out
    }
}

/// Finds the quietest hours of a plan for training sessions.
public enum TrainingBooking {
    /// Up to `count` non-overlapping windows of `hours` consecutive hours, each starting at or after
    /// `earliestHour` and ending by `latestEndHour` on one day, with the fewest required agents
    /// (summed over the window), quietest first; ties go to the earlier window.
    public static func quietestWindows(_ requirements: [Requirement], hours: Int, count: Int,
                                       earliestHour: Int = 8, latestEndHour: Int = 20) -> [TrainingSession] {
        guard hours > 0, count > 0 else { return [] }
        var agents: [Int: Int] = [:]   // hour index → agents
        for r in requirements { agents[r.start.hourIndex, default: 0] += r.agents }
        var candidates: [(start: Int, load: Int)] = []
        for h in agents.keys {
            let t = LocalDateTime(seconds: h * 3600)
            guard t.hour >= earliestHour, t.hour + hours <= latestEndHour else { continue }
            var load = 0, complete = true
            for k in 0..<hours {
                guard let a = agents[h + k] else { complete = false; break }
                load += a
            }
            if complete { candidates.append((h, load)) }
        }
        candidates.sort { ($0.load, $0.start) < ($1.load, $1.start) }
        var chosen: [(start: Int, load: Int)] = []
        for c in candidates where chosen.count < count {
            if chosen.allSatisfy({ c.start + hours <= $0.start || $0.start + hours <= c.start }) { chosen.append(c) }
        }
        return chosen.map {
            TrainingSession(courseId: "", start: LocalDateTime(seconds: $0.start * 3600),
                            end: LocalDateTime(seconds: ($0.start + hours) * 3600), requiredAgents: $0.load)
        }
    }
}

extension RosterStore {
    /// Upserts the courses of a courses CSV (all or nothing).
    @discardableResult
    public func importTrainingCourses(fromCSV path: String) throws -> Int {
        try importTrainingCourses(try TrainingCSV.readCourses(path: path))
    }

    @discardableResult
    public func importTrainingCourses(_ courses: [TrainingCourse]) throws -> Int {
        try writeTransaction { db in
            for c in courses {
                try db.execute(sql: """
                    INSERT INTO training_courses(course_id, name, stage, topic, hours) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(course_id) DO UPDATE SET name = excluded.name, stage = excluded.stage, topic = excluded.topic, hours = excluded.hours
                    """, arguments: [c.courseId, c.name, c.stage.rawValue, c.topic.rawValue, c.hours])
                try audit(db, "upsert", "training_course", c.courseId, "stage=\(c.stage.rawValue) topic=\(c.topic.rawValue) hours=\(c.hours)")
            }
            return courses.count
        }
    }

    public func trainingCourses() throws -> [TrainingCourse] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM training_courses ORDER BY course_id").map { r in
                guard let s = TrainingStage(rawValue: r["stage"]), let t = TrainingTopic(rawValue: r["topic"]) else {
                    throw RosterStoreError.corrupt("course '\(r["course_id"] as String)' does not decode")
                }
                return TrainingCourse(courseId: r["course_id"], name: r["name"], stage: s, topic: t, hours: r["hours"])
            }
        }
    }

    /// Imports a training-records CSV (all or nothing); a record already stored (person, course, date) is updated.
    @discardableResult
    public func importTrainingRecords(fromCSV path: String) throws -> Int {
        let courses = Dictionary(uniqueKeysWithValues: try trainingCourses().map { ($0.courseId, $0) })
        return try importTrainingRecords(try TrainingCSV.readRecords(path: path, courses: courses, knownPeople: try personIDs()))
    }

    @discardableResult
    public func importTrainingRecords(_ records: [TrainingRecord]) throws -> Int {
        try writeTransaction { db in
            for r in records {
                try db.execute(sql: """
                    INSERT INTO training_records(person_id, course_id, date, hours, passed) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(person_id, course_id, date) DO UPDATE SET hours = excluded.hours, passed = excluded.passed
                    """, arguments: [r.personId, r.courseId, r.date.description, r.hours, r.passed])
                try audit(db, "upsert", "training_record", r.personId, "course=\(r.courseId) date=\(r.date) hours=\(r.hours) passed=\(r.passed)")
            }
            return records.count
        }
    }

    /// People whose pre-job training is complete on `date`: a passed pre-job course on or before
    /// it for every topic (process, policy, communication, confidentiality). Only they may take
    /// phone duty.
    public func phoneQualified(on date: CivilDate) throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT r.person_id FROM training_records r JOIN training_courses c ON c.course_id = r.course_id
                WHERE c.stage = 'pre_job' AND r.passed AND r.date <= ?
                GROUP BY r.person_id HAVING COUNT(DISTINCT c.topic) = ?
                """, arguments: [date.description, TrainingTopic.allCases.count]))
        }
    }

    /// The pre-job topics `personId` still lacks on `date` (empty: complete).
    public func missingPreJobTopics(personId: String, on date: CivilDate) throws -> [TrainingTopic] {
        try writer.read { db in
            let done = Set(try String.fetchAll(db, sql: """
                SELECT DISTINCT c.topic FROM training_records r JOIN training_courses c ON c.course_id = r.course_id
                WHERE c.stage = 'pre_job' AND r.passed AND r.date <= ? AND r.person_id = ?
                """, arguments: [date.description, personId]))
            return TrainingTopic.allCases.filter { !done.contains($0.rawValue) }
        }
    }

    /// On-job training hours per person with any in `from…through`.
    public func onJobTrainingHours(from: CivilDate, through: CivilDate) throws -> [String: Double] {
        try writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT r.person_id, SUM(r.hours) AS hours FROM training_records r JOIN training_courses c ON c.course_id = r.course_id
                WHERE c.stage = 'on_job' AND r.date >= ? AND r.date <= ? GROUP BY r.person_id
                """, arguments: [from.description, through.description]).map { ($0["person_id"] as String, $0["hours"] as Double) })
        }
    }

    /// Books sessions of `courseId` (found with `TrainingBooking.quietestWindows`).
    public func bookTrainingSessions(courseId: String, _ sessions: [TrainingSession]) throws {
        try writeTransaction { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM training_courses WHERE course_id = ?)", arguments: [courseId]) == true else {
                throw RosterStoreError.invalid("no training course '\(courseId)'; import it first (roster training courses FILE)")
            }
            for s in sessions {
                try db.execute(sql: "INSERT INTO training_sessions(course_id, start_seconds, end_seconds, start, end, required_agents) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [courseId, s.start.seconds, s.end.seconds, s.start.description, s.end.description, s.requiredAgents])
                try audit(db, "book", "training_session", courseId, "\(s.start)…\(s.end)")
            }
        }
    }

    public func trainingSessions() throws -> [TrainingSession] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM training_sessions ORDER BY start_seconds").map {
                TrainingSession(courseId: $0["course_id"], start: LocalDateTime(seconds: $0["start_seconds"]),
                                end: LocalDateTime(seconds: $0["end_seconds"]), requiredAgents: $0["required_agents"])
            }
        }
    }
}
