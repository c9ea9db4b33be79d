import Foundation

/// The built `roster` tool, run as a user runs it (from the package root). Tests that need it are
/// skipped, with a message, when it has not been built (`swift build`; tools/test builds it).
public enum RosterTool {
    public static let binary = SharedData.packageRoot + "/.build/debug/roster"
    public static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `roster args…` to completion and returns its exit status and output.
    public static func run(_ args: [String]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: SharedData.packageRoot)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }
}
