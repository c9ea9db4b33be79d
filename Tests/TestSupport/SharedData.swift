import Foundation

/// Locates the real data of `../shared/data` (see its README) from the package root, and tells
/// tests whether it is there: a test that needs it is skipped (never silently passed) without it.
public enum SharedData {
    /// The package root, found from this source file's path (Tests/TestSupport/SharedData.swift).
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `../shared/data` next to the package root, or `HOTLINE_SHARED_DATA` when set.
    public static let root: String = {
        if let env = ProcessInfo.processInfo.environment["HOTLINE_SHARED_DATA"], !env.isEmpty { return env }
        return URL(fileURLWithPath: packageRoot).deletingLastPathComponent()
            .appendingPathComponent("shared/data").standardizedFileURL.path
    }()

    public static func path(_ relative: String) -> String { root + "/" + relative }

    public static func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relative))
    }

    public static var anonymousBank: String { path("anonymous-bank-1999") }
    public static var hasAnonymousBank: Bool { exists("anonymous-bank-1999/01_January.txt") }
    public static var curtois: String { path("curtois-qu") }
    public static var hasCurtois: Bool { exists("curtois-qu/Instance1.txt") }

    /// A path inside the package (e.g. `rosters/profiles/yuhang-12345.toml`).
    public static func project(_ relative: String) -> String { packageRoot + "/" + relative }

    /// A fresh temporary directory for a test.
    public static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("hotline-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `text` to a file `name` in a fresh temporary directory and returns its path.
    public static func temporaryFile(_ name: String, _ text: String) throws -> String {
        let path = try temporaryDirectory() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
