import Foundation
import HotlineCore
@testable import RosterExcel

enum Fixtures {
    static let week = CivilDate(year: 2026, month: 12, day: 7)!  // a Monday
    static let hostileName = "<b>&\"李'"

    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "欧阳"]
    static let given = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰"]
    static let codes = ["早", "中", "晚", "休", "8:00-17:00", "D", "N", ""]

    /// 106 people with Chinese names (one XML-hostile), hourly coverage for the week, a legend.
    static func grid(people count: Int = 106, week: CivilDate = week) -> RosterGrid {
        var people: [RosterGrid.Person] = []
        for i in 0..<count {
            let name = i == 41 ? hostileName : surnames[i % surnames.count] + given[(i * 7) % given.count]
            let cells = (0..<7).map { d in codes[(i * 3 + d * 5) % codes.count] }
            people.append(.init(personId: "E\(CivilDate.pad(1000 + i, 5))", name: name,
                                role: i % 9 == 0 ? "班长" : (i % 4 == 0 ? "夜班坐席" : "坐席"),
                                cells: cells, hours: i % 5 == 0 ? 37.5 : 40))
        }
        var coverage: [RosterGrid.CoverageRow] = []
        for h in 0..<(7 * 24) {
            let start = LocalDateTime(date: week).adding(hours: h)
            coverage.append(.init(start: start, required: 5 + h % 11, scheduled: 4 + h % 13))
        }
        let legend: [RosterGrid.Legend] = [
            .init(code: "早", meaning: "早班 08:00–16:00"), .init(code: "中", meaning: "中班 12:00–20:00"),
            .init(code: "晚", meaning: "晚班 16:00–24:00 <夜间> & 补贴"), .init(code: "休", meaning: "休息"),
            .init(code: "D", meaning: "Day"), .init(code: "N", meaning: "Night"),
            .init(code: "8:00-17:00", meaning: "固定班"),
        ]
        return RosterGrid(weekStart: week, title: "12345 排班表 2026-11-30 第3版（草稿）<script>&", people: people,
                          coverage: coverage, legend: legend)
    }

    /// A zip of hand-written parts (to imitate other writers).
    static func package(_ parts: [(String, String)]) throws -> Data {
        try XLSXZip.zip(parts.map { ($0.0, Data($0.1.utf8)) })
    }

    /// Replaces one part of a package.
    static func patch(_ data: Data, _ path: String, _ transform: (String) -> String) throws -> Data {
        let parts = try XLSXZip.unzip(data).map { p in
            p.path == path ? (p.path, Data(transform(String(decoding: p.data, as: UTF8.self)).utf8)) : p
        }
        return try XLSXZip.zip(parts)
    }

    static func part(_ data: Data, _ path: String) throws -> String {
        let p = try XLSXZip.unzip(data).first { $0.path == path }
        return String(decoding: p?.data ?? Data(), as: UTF8.self)
    }
}

/// The `InputError` a throwing call gives (nil if it does not throw one).
func inputError(_ body: () throws -> Void) -> InputError? {
    do {
        try body()
        return nil
    } catch let e as InputError {
        return e
    } catch {
        return InputError(file: "?", "unexpected error \(error)")
    }
}
