import HotlineCore
import TestSupport
import Testing

@Suite struct ProfileTests {
    @Test func shippedYuhangProfile() throws {
        let p = try CenterProfile.load(path: SharedData.project("rosters/profiles/yuhang-12345.toml"))
        #expect(p.seats == 77)
        #expect(p.staff.minTotal == 91)
        #expect(p.service.target == 0.9 && p.service.withinSeconds == 15)
        #expect(abs(p.shrinkage.total - 0.14) < 1e-12)
        #expect(p.labour.minRestHours == 11)
        #expect(p.shifts.name(startHour: 8)?.chinese == "早班")
        #expect(p.shifts.name(startHour: 23)?.chinese == "夜班")
        #expect(p.staff.minimum(for: .agent) + p.fixedRoleHeadcount >= 91)
    }

    @Test func shippedSmallProfile() throws {
        let p = try CenterProfile.load(path: SharedData.project("rosters/profiles/small-12345.toml"))
        #expect(p.staff.minTotal == 23)
        #expect(p.staff.minimum(for: .manager) == 1)
        #expect(p.staff.minimum(for: .trainer) + p.staff.minimum(for: .qa) + p.staff.minimum(for: .analyst) >= 2)
        let platform = p.staff.minimum(for: .agent) + p.staff.minimum(for: .backoffice) + p.staff.minimum(for: .supervisor)
        #expect(platform >= 20)
    }

    @Test func errorsNameTheField() throws {
        let text = try String(contentsOfFile: SharedData.project("rosters/profiles/yuhang-12345.toml"), encoding: .utf8)
        let noSeats = text.replacingOccurrences(of: "seats = 77\n", with: "")
        let e = #expect(throws: InputError.self) { try CenterProfile.parse(noSeats, file: "p.toml") }
        #expect(e?.field == "seats")
        let negative = text.replacingOccurrences(of: "seats = 77", with: "seats = -3")
        #expect(throws: InputError.self) { try CenterProfile.parse(negative, file: "p.toml") }
        let broken = text.replacingOccurrences(of: "seats = 77", with: "seats = = 77")
        let e3 = #expect(throws: InputError.self) { try CenterProfile.parse(broken, file: "p.toml") }
        #expect(e3?.line != nil)
    }
}
