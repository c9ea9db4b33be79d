// swift-tools-version: 6.1
import PackageDescription

// HotlineRoster: workforce planning for a 12345 citizen-service hotline.
// Pipeline (see DESIGN.md): call history -> Forecasting -> Staffing -> Planning -> Rostering -> store/files.
let package = Package(
    name: "HotlineRoster",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "roster", targets: ["roster"]),
        .library(name: "HotlineRoster", targets: ["HotlineRoster"]),
        // The web application is its own product: `swift build --product roster` never builds
        // Hummingbird; `roster serve` starts `roster-web` when it has been built beside it.
        .executable(name: "roster-web", targets: ["roster-web"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
        // Web application only (RosterWeb, roster-web); the CLI takes just the Bcrypt hasher
        // (HummingbirdBcrypt: a C bcrypt, no Hummingbird) for `roster users add`.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // GLPK's C API. Debian ships no pkg-config file, so the library is linked by name.
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK",
                       providers: [.apt(["libglpk-dev"])]),
        // CBC's C interface (COIN-OR Branch and Cut); linked by name like GLPK.
        .systemLibrary(name: "CCBC", path: "Sources/CCBC",
                       providers: [.apt(["coinor-libcbc-dev"])]),
        // Shared domain values: wall-clock dates and times, the holiday calendar, input errors,
        // CSV reading with line numbers, people and shifts, the center profile.
        .target(name: "HotlineCore", dependencies: [
            .product(name: "CSV", package: "CSV.swift"),
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Forecasting", dependencies: ["HotlineCore"]),
        .target(name: "Staffing", dependencies: ["HotlineCore"]),
        .target(name: "Optimization", dependencies: ["CGLPK", "CCBC"]),
        .target(name: "Planning", dependencies: ["HotlineCore", "Optimization"]),
        .target(name: "Rostering", dependencies: ["HotlineCore", "Optimization", "Planning"]),
        .target(name: "RosterStore", dependencies: [
            "HotlineCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The application layer: end-to-end workflows (the demo week) over all stages.
        .target(name: "HotlineRoster", dependencies: [
            "HotlineCore", "Forecasting", "Staffing", "Optimization", "Planning", "Rostering", "RosterStore", "Workflows",
        ]),
        // What-if surge runs (holidays, emergencies): baseline vs scenario, surge measures, cost.
        .target(name: "Scenarios", dependencies: [
            "HotlineCore", "Forecasting", "Staffing", "Optimization", "Planning", "Rostering", "RosterStore", "HotlineRoster",
        ]),
        // Spreadsheets (排班表): the roster grid as a real .xlsx workbook, written and read back.
        .target(name: "RosterExcel", dependencies: [
            "HotlineCore",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "XMLCoder", package: "XMLCoder"),
        ]),
        // Capacity and hiring plan: need per month (forecast → Erlang → headcount), supply (people,
        // attrition, training classes), an integer program over classes and overtime, Monte Carlo.
        .target(name: "Capacity", dependencies: [
            "HotlineCore", "Forecasting", "Staffing", "Optimization", "Planning",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // The use cases, written once over the store: call history, requests with approval, the
        // week's draft (build, edit with validation, reoptimize around locks, publish, diff), Excel.
        // The CLI and the web application only parse, call and render.
        .target(name: "Workflows", dependencies: [
            "HotlineCore", "Forecasting", "Staffing", "Optimization", "Planning", "Rostering", "RosterStore", "RosterExcel", "Capacity",
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        ]),
        // The web application (Hummingbird 2, swift-mustache, hummingbird-auth sessions): pages and
        // /api JSON for managers, HR, planners and agents over the same Workflows as the CLI.
        // Handlers parse, call a workflow and render; templates and strings are resources.
        .target(name: "RosterWeb", dependencies: [
            "Workflows", "Scenarios", "HotlineRoster", "RosterStore", "RosterExcel", "HotlineCore", "Forecasting", "Staffing", "Rostering", "Capacity",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Templates"), .copy("Public")]),
        .executableTarget(name: "roster-web", dependencies: [
            "RosterWeb", "Workflows", "RosterStore", "HotlineCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "roster", dependencies: [
            "Workflows", "RosterExcel", "HotlineRoster", "Scenarios", "HotlineCore", "Forecasting", "Staffing", "Optimization", "Planning",
            "Rostering", "RosterStore", "Capacity",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .target(name: "TestSupport", dependencies: ["HotlineCore"], path: "Tests/TestSupport"),
        .testTarget(name: "HotlineCoreTests", dependencies: ["HotlineCore", "TestSupport"]),
        .testTarget(name: "ForecastingTests", dependencies: ["Forecasting", "TestSupport"]),
        .testTarget(name: "StaffingTests", dependencies: ["Staffing", "TestSupport"]),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization", "TestSupport"]),
        .testTarget(name: "PlanningTests", dependencies: ["Planning", "TestSupport"]),
        .testTarget(name: "RosteringTests", dependencies: ["Rostering", "TestSupport"]),
        .testTarget(name: "RosterStoreTests", dependencies: ["RosterStore", "TestSupport"]),
        .testTarget(name: "HotlineRosterTests", dependencies: ["HotlineRoster", "TestSupport"]),
        .testTarget(name: "RosterExcelTests", dependencies: ["RosterExcel", "TestSupport"]),
        .testTarget(name: "WorkflowsTests", dependencies: [
            "Workflows", "RosterExcel", "RosterStore", "Rostering", "Forecasting", "HotlineCore", "TestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "CapacityTests", dependencies: ["Capacity", "Workflows", "RosterStore", "Forecasting", "HotlineCore", "TestSupport"]),
        .testTarget(name: "RosterWebTests", dependencies: [
            "RosterWeb", "Workflows", "RosterStore", "HotlineCore", "TestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "Forecasting", "Optimization", "RosterStore", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
