import HotlineCore
import Optimization
import Planning
import Testing

@Suite("coverage chart")
struct CoverageChartTests {
    @Test("SVG: well-formed XML, one bar per hour, short hours in red with their counts, seats line, both languages")
    func chart() throws {
        let input = PlanningInput(weekStart: SyntheticWeek.monday, requiredAgents: overSeatsWeek(), seats: 77)
        let plan = try TourPlanner(options: SolveOptions(timeLimitSeconds: 30, relativeGap: 0.01)).plan(input)
        for language in DocumentLanguage.allCases {
            let svg = CoverageChart.svg(plan, language: language)
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(svg.hasSuffix("</svg>\n"))
            func count(_ s: String) -> Int { svg.components(separatedBy: s).count - 1 }
            // One bar per hour, each with its tooltip; every opened element closed.
            #expect(count("</rect>") == 168)
            #expect(count("<title>") == 169)
            #expect(count("<title>") == count("</title>"))
            #expect(count("<text") == count("</text>"))
            #expect(count("fill=\"#d62728\"") == plan.shortfalls.count)
            #expect(plan.shortfalls.count == 2)
            #expect(!svg.contains("&&") && !svg.contains("< "))
            #expect(svg.contains("2026-12-07T10:00: 77 / 90"))
            #expect(svg.contains(language == .zh ? "座席 77" : "77 seats"))
            #expect(svg.contains(language == .zh ? "周一" : "Mon"))
        }
    }
}
