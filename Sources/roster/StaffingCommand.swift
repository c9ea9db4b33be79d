import ArgumentParser
import Forecasting
import Foundation
import HotlineCore
import Staffing

extension Roster {
    /// `roster staffing`: a forecast or interval history in, a requirements CSV out.
    struct StaffingRequirements: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "staffing",
            abstract: "Requirements per interval (start,calls,agents) from a forecast or interval history.",
            discussion: """
                --forecast FILE has columns start,calls[,aht_seconds] (a `roster forecast` file or an \
                interval history); rows of any regular length are split or added up to --interval minutes.
                The goal, handle time, patience and shrinkage come from --profile FILE; explicit options \
                override them. agents in the CSV = people to schedule on the channel (after shrinkage).
                Phone is Erlang A by default (needs a patience); SMS and WeChat are Erlang C unless a \
                patience is given, with --sessions conversations per agent at once.
                """)

        @Option(help: "Forecast or interval history CSV: start,calls[,aht_seconds].")
        var forecast: String?
        @Option(help: "Instead: check Erlang A and C against per-call history in the Anonymous Bank 1999 format (a file or a directory of monthly files): predicted vs observed abandonment and service level per interval, for the observed arrivals, handle times and agents serving.")
        var checkHistory: String?
        @Option(help: "Instead: back-office tickets per day, CSV date,enquiries,complaints: required back-office hours per day (receipt within 1 hour, enquiries closed in 3 working days, complaints in 5).")
        var tickets: String?
        @Option(help: "Handling minutes of one enquiry ticket.")
        var enquiryMinutes: Double = 15
        @Option(help: "Handling minutes of one complaint ticket.")
        var complaintMinutes: Double = 45
        @Option(help: "Minutes to receive (acknowledge and route) one ticket.")
        var receiptMinutes: Double = 2
        @Option(help: "Hours a day tickets arrive (someone must be on duty then to receive within the hour).")
        var ticketHours: Double = 24
        @Option(help: "Extra calendar CSV (date,kind,name) merged over the built-in China calendar, for working days.")
        var calendar: String?
        @Option(help: "Interval length of the requirements in minutes: 15, 30 or 60 (default: the file's).")
        var interval: Int?
        @Option(help: "Center profile (TOML): goal, handle time, patience, shrinkage.")
        var profile: String?
        @Option(help: "Channel: phone, sms or wechat.")
        var channel: Channel = .phone
        @Option(help: "Queue model: erlang-a or erlang-c (default: erlang-a on the phone).")
        var model: QueueModel?
        @Option(help: "Text sessions one agent holds at once (sms, wechat).")
        var sessions: Int?
        @OptionGroup var goal: GoalOptions
        @Option(help: "Handle time in seconds where the file has none.")
        var aht: Double?
        @Option(help: "Shrinkage share (default: the profile's components added up, else 0).")
        var shrinkage: Double?
        @Option(help: "Staff for this quantile of the forecast (e.g. 0.8 for a busy week): uses the calls_p80 column that `roster forecast --quantiles 0.8` writes.")
        var quantile: Double?
        @Option(name: [.customShort("o"), .long], help: "Write the requirements CSV here (default: stdout).")
        var output: String?
        @Option(help: "Also write every figure per interval to this CSV.")
        var details: String?
        @OptionGroup var out: OutputOptions

        var target: Double? { goal.target }
        var within: Double? { goal.within }
        var maxAsa: Double? { goal.maxAsa }
        var maxAbandonment: Double? { goal.maxAbandonment }
        var maxOccupancy: Double? { goal.maxOccupancy }
        var patience: Double? { goal.patience }

        struct Summary: Encodable {
            var channel: String
            var model: String
            var intervalMinutes: Int
            var intervals: Int
            var calls: Double
            var agentHours: Double
            var fractionalAgentHours: Double
            var scheduledHours: Double
            var peakAgents: Int
            var peakScheduled: Int
            var shrinkage: Double
            var serviceLevel: Double?
            var abandonment: Double?
            var averageSpeedOfAnswer: Double
            var output: String?
            /// Seconds spent computing the requirements (reading and writing excluded).
            var computeSeconds: Double
        }

        func validate() throws {
            guard [forecast, checkHistory, tickets].compactMap({ $0 }).count == 1 else {
                throw ValidationError("give one of --forecast FILE (requirements), --tickets FILE (back-office hours) or --check-history PATH (model check)")
            }
            for (name, v) in [("--enquiry-minutes", enquiryMinutes), ("--complaint-minutes", complaintMinutes), ("--receipt-minutes", receiptMinutes)] {
                guard v.isFinite, v >= 0 else { throw ValidationError("\(name) must be minutes ≥ 0, got \(v)") }
            }
            guard ticketHours >= 0, ticketHours <= 24 else { throw ValidationError("--ticket-hours must be 0 to 24, got \(ticketHours)") }
            if let interval, !(interval > 0 && 1440 % interval == 0) {
                throw ValidationError("--interval must be minutes dividing a day (15, 30 or 60), got \(interval)")
            }
            if let shrinkage, !(shrinkage >= 0 && shrinkage < 1) { throw ValidationError("--shrinkage must be a share in [0, 1), got \(shrinkage)") }
            if let sessions, !(1...50).contains(sessions) { throw ValidationError("--sessions must be 1 to 50, got \(sessions)") }
            if let sessions, sessions > 1, channel == .phone { throw ValidationError("--sessions applies to sms and wechat; a phone agent takes one call at a time") }
            if out.json && output == nil && checkHistory == nil && tickets == nil { throw ValidationError("--json prints the summary on stdout; give -o FILE for the requirements CSV") }
        }

        struct CheckReport: Encodable {
            var history: String
            var files: Int
            var intervalMinutes: Int
            var withinSeconds: Double
            var patienceSeconds: Double
            var patienceEstimated: Bool
            var checks: [ModelCheck]
        }

        func check(_ path: String) throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError(file: path, "does not exist")
            }
            let files = isDirectory.boolValue
                ? try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.range(of: #"^\d\d_.*\.txt$"#, options: .regularExpression) != nil }
                    .sorted().map { path + "/" + $0 }
                : [path]
            guard !files.isEmpty else { throw InputError(file: path, "has no monthly files (01_January.txt …)") }
            let minutes = interval ?? 30
            let threshold = within ?? 20
            let observed = try AnonymousBankIntervals.read(paths: files, intervalMinutes: minutes, withinSeconds: threshold)
            guard let p = patience ?? ModelCheck.patienceEstimate(observed) else {
                throw InputError(file: path, "has no abandoned calls to estimate a patience from; give --patience")
            }
            var checks: [ModelCheck] = []
            for measure in ModelCheck.AgentsMeasure.allCases {
                for m in QueueModel.allCases {
                    checks.append(ModelCheck.compare(observed, intervalMinutes: minutes, model: m, patienceSeconds: p,
                                                     withinSeconds: threshold, agents: measure))
                }
            }
            let report = CheckReport(history: path, files: files.count, intervalMinutes: minutes, withinSeconds: threshold,
                                     patienceSeconds: p, patienceEstimated: patience == nil, checks: checks)
            if out.json { try Output.printJSON(report); return }
            print("Model check on \(files.count) file(s), \(minutes)-minute intervals, service level within \(fmt(threshold)) s, mean patience \(fmt(p)) s\(patience == nil ? " (estimated from these files)" : "")")
            print("model     agents            intervals  calls    abandonment MAE (bias) pp   service level MAE (bias) pp   unstable")
            for c in checks {
                print("\(c.model.padding(toLength: 9, withPad: " ", startingAt: 0)) \(c.agentsMeasure.padding(toLength: 17, withPad: " ", startingAt: 0)) \(c.intervals)  \(c.calls)  \(fmt(c.abandonmentMAE)) (\(fmt(c.abandonmentBias)))   \(fmt(c.serviceLevelMAE)) (\(fmt(c.serviceLevelBias)))   \(c.unstableIntervals)")
            }
        }

        struct TicketSummary: Encodable {
            var days: Int
            var tickets: Double
            var requiredHours: Double
            var closingHours: Double
            var receiptHours: Double
            var peakDayHours: Double
            var output: String?
        }

        func backOffice(_ path: String) throws {
            let table = try CSVTable.read(path: path)
            let expected = ["date", "enquiries", "complaints"]
            let cDate = try table.requireColumn("date", expected: expected)
            let cEnq = try table.requireColumn("enquiries", expected: expected)
            let cCom = try table.requireColumn("complaints", expected: expected)
            var days: [TicketWorkload.Day] = []
            var seen: Set<CivilDate> = []
            for row in table.cursors {
                let d = try row.date(cDate)
                guard seen.insert(d).inserted else { throw row.error(cDate, "date \(d) appears twice; give one row per date") }
                days.append(TicketWorkload.Day(date: d, enquiries: try row.nonNegative(cEnq), complaints: try row.nonNegative(cCom)))
            }
            guard !days.isEmpty else { throw InputError(file: path, "has no rows; expected \(expected.joined(separator: ","))") }
            var cal = HolidayCalendar.china
            if let calendar { cal = cal.merging(try HolidayCalendar.load(path: calendar)) }
            for d in days where !cal.covers(d.date) {
                Output.note("warning: no calendar covers \(d.date.year); weekends are taken as the only rest days (give --calendar FILE)")
                break
            }
            var w = TicketWorkload(days: days, enquiryMinutes: enquiryMinutes, complaintMinutes: complaintMinutes, receiptMinutes: receiptMinutes)
            w.arrivalHoursPerDay = ticketHours
            let hours = try w.requiredHours(calendar: cal)
            var text = "date,working_day,receipt_hours,closing_hours,coverage_hours,required_hours\n"
            for h in hours {
                text += "\(h.date),\(h.workingDay ? 1 : 0),\(RequirementsCSV.formatNumber(h.receiptHours)),\(RequirementsCSV.formatNumber(h.closingHours)),"
                    + "\(RequirementsCSV.formatNumber(h.coverageHours)),\(RequirementsCSV.formatNumber(h.requiredHours))\n"
            }
            if let output {
                do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                    throw InputError(file: output, "cannot write: \(error.localizedDescription)")
                }
            } else if !out.json {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            if out.json {
                try Output.printJSON(TicketSummary(
                    days: hours.count, tickets: days.reduce(0) { $0 + $1.enquiries + $1.complaints },
                    requiredHours: hours.reduce(0) { $0 + $1.requiredHours }, closingHours: hours.reduce(0) { $0 + $1.closingHours },
                    receiptHours: hours.reduce(0) { $0 + $1.receiptHours }, peakDayHours: hours.map(\.requiredHours).max() ?? 0,
                    output: output))
            }
        }

        func run() async throws {
            if let checkHistory { try check(checkHistory); return }
            if let tickets { try backOffice(tickets); return }
            guard let forecast else { return }
            let prof = try profile.map { try CenterProfile.load(path: $0) }
            let service = prof?.service
            let patienceSeconds = patience ?? service?.patienceSeconds
            let chosen = model ?? channel.defaultModel(patienceSeconds: patienceSeconds)
            if chosen == .erlangA && patienceSeconds == nil {
                throw StaffingError.invalid(parameter: "patience", value: .nan,
                                            expected: "a mean patience for Erlang A: give --patience SECONDS, a --profile with service.patience_seconds, or --model erlang-c")
            }
            let goal = StaffingGoal(serviceLevel: target ?? service?.target, withinSeconds: within ?? service?.withinSeconds ?? 20,
                                    maxAverageSpeedOfAnswer: maxAsa,
                                    maxAbandonment: chosen == .erlangA ? (maxAbandonment ?? service?.maxAbandonment) : maxAbandonment,
                                    maxOccupancy: maxOccupancy ?? service?.maxOccupancy)
            let shrink = try shrinkage ?? prof.map { try ShrinkageBreakdown($0.shrinkage).total } ?? 0
            var series: IntervalSeries
            if let quantile {
                // A quantile forecast of `roster forecast --quantiles`: hourly, with calls_pNN columns.
                let f = try ForecastCSV.read(path: forecast)
                let calls: [Double]
                do { calls = try f.calls(atQuantile: quantile) } catch let e as ForecastError {
                    throw InputError(file: forecast, field: "calls_p\(Int((quantile * 100).rounded()))", e.message)
                }
                series = IntervalSeries(starts: calls.indices.map(f.hourStart), calls: calls,
                                        ahtSeconds: f.ahtSeconds.map { $0 > 0 ? $0 : (aht ?? service?.ahtSeconds ?? 0) },
                                        intervalMinutes: 60)
            } else {
                series = try IntervalSeries.read(path: forecast, defaultAHT: aht ?? service?.ahtSeconds)
            }
            if let interval { series = try series.resampled(toMinutes: interval) }
            let staffing = ChannelStaffing(channel: channel, model: chosen, patienceSeconds: patienceSeconds,
                                           sessionsPerAgent: sessions ?? 1, goal: goal, shrinkage: shrink)
            let clock = ContinuousClock()
            let began = clock.now
            let rows = try staffing.requirements(starts: series.starts, calls: series.calls, ahtSeconds: series.ahtSeconds,
                                                 intervalMinutes: series.intervalMinutes)
            let computeSeconds = (clock.now - began).seconds
            let requirements = rows.map { Requirement(start: $0.start, calls: $0.calls, agents: $0.scheduled) }
            if let output {
                try RequirementsCSV.write(requirements, to: output)
            } else {
                var text = RequirementsCSV.columns.joined(separator: ",") + "\n"
                for r in requirements { text += "\(r.start),\(RequirementsCSV.formatNumber(r.calls)),\(r.agents)\n" }
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            if let details {
                var text = "start,calls,aht_seconds,agents,fractional_agents,scheduled,service_level,wait_probability,asa_seconds,occupancy,abandonment,binding\n"
                for r in rows {
                    let f = r.figures
                    text += "\(r.start),\(RequirementsCSV.formatNumber(r.calls)),\(RequirementsCSV.formatNumber(r.ahtSeconds)),\(r.agents),"
                        + "\(fmt(r.fractionalAgents)),\(r.scheduled),\(fmt(f.serviceLevel)),\(fmt(f.waitProbability)),"
                        + "\(fmt(f.averageSpeedOfAnswer)),\(fmt(f.occupancy)),\(fmt(f.abandonment)),\(r.binding)\n"
                }
                do { try text.write(toFile: details, atomically: true, encoding: .utf8) } catch {
                    throw InputError(file: details, "cannot write: \(error.localizedDescription)")
                }
            }
            let hours = Double(series.intervalMinutes) / 60
            let calls = rows.reduce(0) { $0 + $1.calls }
            let weighted = { (f: (ChannelRequirement) -> Double) in
                calls > 0 ? rows.reduce(0) { $0 + $1.calls * f($1) } / calls : 0
            }
            let summary = Summary(
                channel: channel.rawValue, model: chosen.rawValue, intervalMinutes: series.intervalMinutes,
                intervals: rows.count, calls: calls,
                agentHours: Double(rows.reduce(0) { $0 + $1.agents }) * hours,
                fractionalAgentHours: rows.reduce(0) { $0 + $1.fractionalAgents } * hours,
                scheduledHours: Double(rows.reduce(0) { $0 + $1.scheduled }) * hours,
                peakAgents: rows.map(\.agents).max() ?? 0, peakScheduled: rows.map(\.scheduled).max() ?? 0,
                shrinkage: shrink,
                serviceLevel: goal.serviceLevel == nil ? nil : weighted { $0.figures.serviceLevel },
                abandonment: chosen == .erlangA ? weighted { $0.figures.abandonment } : nil,
                averageSpeedOfAnswer: weighted { $0.figures.averageSpeedOfAnswer }, output: output,
                computeSeconds: computeSeconds)
            if out.json {
                try Output.printJSON(summary)
            } else if output != nil {
                Output.note("\(rows.count) intervals of \(series.intervalMinutes) min, \(channel.rawValue), \(chosen.rawValue): "
                    + "\(fmt(summary.agentHours)) agent-hours, \(fmt(summary.scheduledHours)) scheduled hours, peak \(summary.peakScheduled) people")
            }
        }

        private func fmt(_ v: Double) -> String { String(format: "%.6g", v) }
    }
}
