import HotlineCore
import Planning
import Testing

let sampleProfileTOML = """
name = "测试 12345"
timezone = "Asia/Shanghai"
seats = 77
role_shifts = []

[staff]
min_total = 91
[staff.min_by_role]
agent = 60
backoffice = 10
supervisor = 4
manager = 3

[service]
target = 0.9
within_seconds = 15.0
aht_seconds = 240.0
interval_minutes = 60

[shrinkage.components]
breaks = 0.1

[shifts]
lengths_hours = [8, 9]
start_hours = [0, 7, 8, 9, 16]
days_off_per_week = 2
consecutive_days_off = false
names = []

[labour]
min_rest_hours = 15.5
max_hours_per_day = 8.0
max_hours_per_week = 40.0
max_overtime_hours_per_day = 3.0
max_overtime_hours_per_month = 36.0

[pay]
hourly_wage = 25.0
overtime = 1.5
rest_day = 2.0
holiday = 3.0
currency = "CNY"
"""

@Suite("planning input from a profile")
struct ProfileInputTests {
    @Test("seats, shift rules and the agent floor max(min agents, min total − fixed roles) come from the profile")
    func fromProfile() throws {
        let profile = try CenterProfile.parse(sampleProfileTOML, file: "test.toml")
        let input = PlanningInput(profile: profile, weekStart: monday, requiredAgents: Array(repeating: 2, count: 168), availableAgents: 100)
        #expect(input.seats == 77)
        #expect(profile.fixedRoleHeadcount == 17)
        #expect(input.minAgents == 91 - 17)   // 74 > 60 agents
        #expect(input.maxAgents == 100)
        #expect(input.shiftLengths == [8, 9])
        #expect(input.startHours == [0, 7, 8, 9, 16])
        #expect(!input.consecutiveDaysOff)
        // 15.5 h minimum rest leaves only the 8-hour length (24 − 9 = 15 < 15.5).
        #expect(Set(input.allowedTours.map(\.lengthHours)) == [8])
        #expect(input.allowedTours.count == 5 * 21)
    }
}
