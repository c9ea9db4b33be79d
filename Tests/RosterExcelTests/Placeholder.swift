import Testing
@testable import RosterExcel
