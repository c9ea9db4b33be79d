import Foundation
import HotlineCore

/// What happened in one interval of a real call center, from per-call records: the inputs of a
/// queue model (arrivals, handle time, agents serving) and its outcomes (abandonment, service level).
public struct ObservedInterval: Sendable, Hashable {
    public var start: LocalDateTime
    /// Calls that reached the agent queue.
    public var offered = 0
    public var answered = 0
    public var abandoned = 0
    /// Answered after waiting at most the threshold.
    public var answeredWithin = 0
    /// Sum of talk time of the calls answered in the interval (by queue arrival), seconds.
    public var talkSeconds = 0.0
    /// Sum of queue time of all queued calls (answered and abandoned), seconds.
    public var queueSeconds = 0.0
    /// Distinct agents who started a call in the interval.
    public var servers: Set<String> = []
    /// Agent-seconds of talk inside the interval (calls clipped to it).
    public var busySeconds = 0.0

    public var ahtSeconds: Double? { answered > 0 ? talkSeconds / Double(answered) : nil }
}

/// Reads the Anonymous Bank 1999 per-call files (see `../shared/data/README.md`) into intervals.
/// Calls offered to agents = AGENT + (HANG with q_start ≠ 0:00:00); a call's interval is the one
/// it joined the agent queue in (q_start, or vru_exit when it went straight to an agent).
public enum AnonymousBankIntervals {
    public static func read(paths: [String], intervalMinutes: Int = 30, withinSeconds: Double = 20) throws -> [ObservedInterval] {
        guard intervalMinutes > 0, 1440 % intervalMinutes == 0 else {
            throw StaffingError.invalid(parameter: "intervalMinutes", value: Double(intervalMinutes), expected: "minutes dividing a day")
        }
        let length = intervalMinutes * 60
        var byStart: [Int: ObservedInterval] = [:]
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputError(file: path, "cannot read the file")
            }
            let text = String(decoding: data, as: UTF8.self)
            var lineNumber = 0
            for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
                lineNumber += 1
                if lineNumber == 1 || line.isEmpty { continue }
                let f = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
                guard f.count >= 17 else {
                    throw InputError(file: path, line: lineNumber, "expected 17 fields (vru+line … server), got \(f.count)")
                }
                let outcome = f[12]
                guard outcome == "AGENT" || outcome == "HANG" else { continue }
                func seconds(_ i: Int, _ name: String) throws -> Int {
                    let p = f[i].split(separator: ":")
                    guard p.count == 3, let h = Int(p[0]), let m = Int(p[1]), let s = Int(p[2]) else {
                        throw InputError(file: path, line: lineNumber, field: name, "expected H:MM:SS, got '\(f[i])'")
                    }
                    return h * 3600 + m * 60 + s
                }
                let dateText = f[5]
                guard dateText.count == 6, let ymd = Int(dateText),
                      let date = CivilDate(year: 1900 + ymd / 10000 + (ymd / 10000 < 50 ? 100 : 0), month: ymd / 100 % 100, day: ymd % 100) else {
                    throw InputError(file: path, line: lineNumber, field: "date", "expected yymmdd, got '\(dateText)'")
                }
                let qStart = try seconds(9, "q_start")
                if outcome == "HANG" && qStart == 0 { continue }   // hung up in the voice menu
                let arrival = qStart != 0 ? qStart : try seconds(7, "vru_exit")
                guard let qTime = Double(f[11]), let serTime = Double(f[15]) else {
                    throw InputError(file: path, line: lineNumber, field: "q_time", "expected seconds")
                }
                let day = LocalDateTime(date: date).seconds
                let t = day + arrival
                let slot = t - ((t % length) + length) % length
                var iv = byStart[slot] ?? ObservedInterval(start: LocalDateTime(seconds: slot))
                iv.offered += 1
                iv.queueSeconds += qTime
                if outcome == "AGENT" {
                    iv.answered += 1
                    if qTime <= withinSeconds { iv.answeredWithin += 1 }
                    iv.talkSeconds += serTime
                } else {
                    iv.abandoned += 1
                }
                byStart[slot] = iv
                // Agents serving: by the start of service; busy time clipped to the intervals it spans.
                if outcome == "AGENT" {
                    let server = String(f[16])
                    let serStart = day + (try seconds(13, "ser_start"))
                    var serEnd = serStart + Int(serTime)
                    if serEnd < serStart { serEnd = serStart }
                    let s0 = serStart - ((serStart % length) + length) % length
                    var a = byStart[s0] ?? ObservedInterval(start: LocalDateTime(seconds: s0))
                    if server != "NO_SERVER" { a.servers.insert(server) }
                    byStart[s0] = a
                    var cursor = serStart
                    while cursor < serEnd {
                        let slotStart = cursor - ((cursor % length) + length) % length
                        let slotEnd = slotStart + length
                        let piece = min(serEnd, slotEnd) - cursor
                        var b = byStart[slotStart] ?? ObservedInterval(start: LocalDateTime(seconds: slotStart))
                        b.busySeconds += Double(piece)
                        byStart[slotStart] = b
                        cursor += piece
                    }
                }
            }
        }
        return byStart.values.sorted { $0.start < $1.start }
    }
}

/// How well a queue model predicts what happened, interval by interval, given the observed
/// arrivals, handle times and agents serving.
public struct ModelCheck: Sendable, Codable, Hashable {
    public var model: String
    public var agentsMeasure: String
    public var intervals: Int
    public var calls: Int
    /// Intervals where the model has no steady state (Erlang C with agents ≤ load): predicted
    /// service level taken as 0 there.
    public var unstableIntervals: Int
    /// Call-weighted mean absolute error of the abandonment share, in percentage points.
    public var abandonmentMAE: Double
    /// Call-weighted mean error (predicted − observed), percentage points.
    public var abandonmentBias: Double
    public var serviceLevelMAE: Double
    public var serviceLevelBias: Double
    /// Observed call-weighted abandonment and service level, for scale.
    public var observedAbandonment: Double
    public var observedServiceLevel: Double

    /// How the agents of an interval are counted.
    public enum AgentsMeasure: String, Sendable, CaseIterable {
        /// Distinct agents who answered a call in the interval.
        case distinctServers = "distinct-servers"
        /// Agent-seconds of talk / interval, rounded up: the fewest agents that did the work.
        case busyTime = "busy-time"
    }

    /// Compares `model` on every interval with at least `minimumCalls` offered and at least one
    /// agent; `patienceSeconds` is the mean patience used for Erlang A.
    public static func compare(_ observed: [ObservedInterval], intervalMinutes: Int, model: QueueModel,
                               patienceSeconds: Double, withinSeconds: Double, agents measure: AgentsMeasure,
                               minimumCalls: Int = 20) -> ModelCheck {
        var n = 0, calls = 0, unstable = 0
        var abErr = 0.0, abBias = 0.0, slErr = 0.0, slBias = 0.0, obsAb = 0.0, obsSL = 0.0
        let seconds = Double(intervalMinutes * 60)
        for iv in observed where iv.offered >= minimumCalls {
            guard let aht = iv.ahtSeconds, aht > 0 else { continue }
            let agents: Int
            switch measure {
            case .distinctServers: agents = iv.servers.count
            case .busyTime: agents = Int((iv.busySeconds / seconds).rounded(.up))
            }
            guard agents > 0 else { continue }
            let w = Workload(calls: Double(iv.offered), intervalSeconds: seconds, ahtSeconds: aht,
                             patienceSeconds: model == .erlangA ? patienceSeconds : nil, model: model)
            let ab: Double, sl: Double
            if let f = try? w.figures(agents: agents, withinSeconds: withinSeconds) {
                ab = f.abandonment; sl = f.serviceLevel
            } else {
                unstable += 1
                ab = 0; sl = 0
            }
            let weight = Double(iv.offered)
            let oAb = Double(iv.abandoned) / weight, oSL = Double(iv.answeredWithin) / weight
            abErr += weight * abs(ab - oAb); abBias += weight * (ab - oAb)
            slErr += weight * abs(sl - oSL); slBias += weight * (sl - oSL)
            obsAb += weight * oAb; obsSL += weight * oSL
            n += 1; calls += iv.offered
        }
        let c = Double(max(calls, 1))
        return ModelCheck(model: model.rawValue, agentsMeasure: measure.rawValue, intervals: n, calls: calls,
                          unstableIntervals: unstable, abandonmentMAE: abErr / c * 100, abandonmentBias: abBias / c * 100,
                          serviceLevelMAE: slErr / c * 100, serviceLevelBias: slBias / c * 100,
                          observedAbandonment: obsAb / c, observedServiceLevel: obsSL / c)
    }

    /// The mean patience estimated from the data: abandoned calls / total time in queue (the
    /// maximum-likelihood estimate of an exponential patience with service as censoring).
    public static func patienceEstimate(_ observed: [ObservedInterval]) -> Double? {
        let abandoned = observed.reduce(0) { $0 + $1.abandoned }
        let queue = observed.reduce(0.0) { $0 + $1.queueSeconds }
        return abandoned > 0 ? queue / Double(abandoned) : nil
    }
}
