import Foundation
import HotlineCore
import Testing
import TestSupport
@testable import RosterExcel

/// An independent reader and writer: openpyxl in a throw-away virtual environment.
///
/// The venv is built once per test run (a process-wide lazy value) in a temporary directory. If
/// `python3 -m venv` or `pip install openpyxl` fails (no Python, no network), the test is not run
/// and Swift Testing reports it as skipped with the reason in `.enabled(if:)`'s comment — it never
/// passes without having run.
enum Openpyxl {
    /// The venv's python, or nil when it could not be set up.
    static let python: String? = setUp()

    static var available: Bool { python != nil }

    private static func setUp() -> String? {
        guard let dir = try? SharedData.temporaryDirectory() else { return nil }
        let venv = dir + "/openpyxl-venv"
        guard run("/usr/bin/env", ["python3", "-m", "venv", venv]).status == 0 else { return nil }
        let python = venv + "/bin/python"
        let pip = run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "openpyxl"])
        guard pip.status == 0 else { return nil }
        guard run(python, ["-c", "import openpyxl"]).status == 0 else { return nil }
        return python
    }

    @discardableResult
    static func run(_ executable: String, _ args: [String]) -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        // stderr goes to a file so that a chatty child cannot block on a second full pipe.
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("openpyxl-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errPath) }
        let out = Pipe()
        p.standardOutput = out
        guard let errHandle = try? FileHandle(forWritingTo: errPath) else { return (-1, "", "cannot open \(errPath.path)") }
        p.standardError = errHandle
        do { try p.run() } catch { return (-1, "", "\(error)") }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try? errHandle.close()
        let errData = (try? Data(contentsOf: errPath)) ?? Data()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

@Suite struct OpenpyxlTests {
    @Test(.enabled(if: Openpyxl.available, "needs python3 -m venv and pip install openpyxl (PyPI); could not set them up here"),
          .timeLimit(.minutes(10)))
    func openpyxlReadsOurFileAndWeReadItsEdit() throws {
        let python = try #require(Openpyxl.python)
        let grid = Fixtures.grid()
        let dir = try SharedData.temporaryDirectory()
        let input = dir + "/排班表.xlsx", output = dir + "/edited.xlsx"
        try RosterWorkbook.write([grid], language: .zh).write(to: URL(fileURLWithPath: input))
        let script = """
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        print("\\t".join(wb.sheetnames))
        ws = wb["排班 2026-12-07"]
        print(ws["A1"].value); print(ws["D2"].value); print(ws["B44"].value); print(ws["K3"].value)
        print(ws.freeze_panes)
        ws["E13"] = "病假"          # person 10, Tuesday
        ws["K13"] = 32              # and the hours
        ws.insert_rows(2)           # a blank row between the title and the header
        wb.save(sys.argv[2])
        """
        let result = Openpyxl.run(python, ["-c", script, input, output])
        #expect(result.status == 0, "openpyxl failed: \(result.err)")
        let lines = result.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count >= 6)
        if lines.count >= 6 {
            #expect(lines[0] == "排班 2026-12-07\t覆盖 2026-12-07\t图例")
            #expect(lines[1] == grid.title)
            #expect(lines[2] == "周一 12-07")
            #expect(lines[3] == Fixtures.hostileName)
            #expect(lines[4] == "37.5")
            #expect(lines[5] == "D3")
        }
        let back = try RosterWorkbook.read(Data(contentsOf: URL(fileURLWithPath: output)), file: "edited.xlsx")
        var expected = grid
        expected.people[10].cells[1] = "病假"
        expected.people[10].hours = 32
        #expect(back == [expected])
    }
}
