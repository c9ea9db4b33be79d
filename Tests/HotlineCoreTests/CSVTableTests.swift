import HotlineCore
import Testing

@Suite struct CSVTableTests {
    @Test func readsHeaderRowsAndLineNumbers() throws {
        let t = try CSVTable(text: "\u{FEFF}Start , calls\n2026-12-07T08:00,5\n\n\"2026-12-07T09:00\",\"1\"\n", file: "x.csv")
        #expect(t.header == ["Start", "calls"])
        #expect(t.rows.map(\.line) == [2, 4])
        #expect(try t.requireColumn("start", expected: ["start", "calls"]) == 0)
    }

    @Test func quotedLineBreaksKeepLineNumbers() throws {
        let t = try CSVTable(text: "a,b\n1,\"x\ny\"\n2,z\n", file: "q.csv")
        #expect(t.rows.map(\.line) == [2, 4])
    }

    @Test func missingColumnNamesFileAndField() throws {
        let t = try CSVTable(text: "start,agents\n2026-12-07T08:00,3\n", file: "req.csv")
        let e = #expect(throws: InputError.self) { try t.requireColumn("calls", expected: RequirementsCSV.columns) }
        #expect(e?.description.hasPrefix("req.csv:1: field 'calls': missing column") == true)
    }

    @Test func requirementsErrorsNameLineAndField() throws {
        let dir = try SharedDataFree.tempFile("start,calls,agents\n2026-12-07T08:00,5,2\n2026-12-07T09:00,-1,2\n")
        let e = #expect(throws: InputError.self) { try RequirementsCSV.read(path: dir) }
        #expect(e?.line == 3)
        #expect(e?.field == "calls")
        #expect(e?.message.contains("negative") == true)

        let bad = try SharedDataFree.tempFile("start,calls,agents\n2026-12-07 8h,5,2\n")
        let e2 = #expect(throws: InputError.self) { try RequirementsCSV.read(path: bad) }
        #expect(e2?.line == 2)
        #expect(e2?.field == "start")
    }
}

enum SharedDataFree {
    static func tempFile(_ text: String) throws -> String {
        let path = "/tmp/hotline-csv-\(UInt64.random(in: 0...UInt64.max)).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
