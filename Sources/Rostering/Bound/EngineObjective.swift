extension EngineModel {
    /// The engine's objective of the week `cells` ([person][day] → option index or −1) on this
    /// model's inputs, scored from scratch (cover, each person's score, the fairness sums): what
    /// `breakdown()` reports once the engine holds these cells. For checks such as brute force
    /// over small weeks.
    func objective(of cells: [[Int]]) -> ObjectiveBreakdown {
        var m = self
        var cover = m.cover
        for i in people.indices {
            for d in 0..<7 where self.cells[i][d] >= 0 {
                for h in coverHours[roleOf[i]][self.cells[i][d]][d] { cover[roleOf[i]][h] -= 1 }
            }
            for d in 0..<7 where cells[i][d] >= 0 {
                for h in coverHours[roleOf[i]][cells[i][d]][d] { cover[roleOf[i]][h] += 1 }
            }
        }
        m.cover = cover
        m.cells = cells
        m.s1 = Array(repeating: [0, 0, 0, 0], count: groupCount)
        m.s2 = m.s1
        for i in people.indices {
            let sc = m.score(i, cells[i])
            m.personCache[i] = sc
            for k in 0..<4 {
                let v = Double(histMetric(i, k) + sc.metrics[k])
                m.s1[groupOf[i]][k] += v
                m.s2[groupOf[i]][k] += v * v
            }
        }
        return m.breakdown()
    }
}
